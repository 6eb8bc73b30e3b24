-- opportunities_pipeline (org_id, pipeline_id) is a prefix of each of V10's sort indexes, which serve what
-- it served ("does this pipeline hold cards", a short search's walk of a pipeline) as well. Every write of
-- an opportunity that is not a HOT update (all of them, since V10) maintained it for nothing.
DROP INDEX opportunities_pipeline;
