-- Ends a statement with a refusal the api-server maps to a 422 (SQLSTATE DP422, the message is the API's error
-- code). A write whose COMMIT is pipelined behind its statements (api-server opportunities/SentTogether) checks
-- what it may not commit in SQL, with this, so a refused write aborts its transaction and the COMMIT behind it
-- only ends it. Written as CASE WHEN <allowed> THEN true ELSE crm_refuse('code') END: VOLATILE, so it runs
-- only when its branch is taken.
CREATE FUNCTION crm_refuse(p_code text)
RETURNS boolean
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
    RAISE EXCEPTION USING ERRCODE = 'DP422', MESSAGE = p_code;
END
$$;
