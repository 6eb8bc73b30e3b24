-- The list sorts of PRODUCT.md §9.4 (sort=name|amount|expected_close_date|updated_at, either direction).
--
-- A sorted page is a walk of one of these from the cursor's (value, id) to the end of the page: the keyset
-- is the index condition and the order is the index order, read forwards or backwards, so a page never
-- sorts the pipeline. The id makes the order total. Nulls are kept in the index (last, as btree puts them)
-- and a page reads them as a range of their own after the values, in either direction (docs/decisions.md).
-- Names sort case-insensitively, hence the expression. Each index starts with (org_id, pipeline_id), so
-- opportunities_pipeline could go; it stays for now, small and relied on by the summary's short search.
--
-- Cost to writers: updated_at changes on every write, so no update of an opportunity is a HOT update any
-- more; moves were not before either (they change the stage and the rank).
CREATE INDEX opportunities_sort_name ON opportunities (org_id, pipeline_id, lower(name), id);
CREATE INDEX opportunities_sort_amount ON opportunities (org_id, pipeline_id, amount, id);
CREATE INDEX opportunities_sort_close ON opportunities (org_id, pipeline_id, expected_close_date, id);
CREATE INDEX opportunities_sort_updated ON opportunities (org_id, pipeline_id, updated_at, id);
