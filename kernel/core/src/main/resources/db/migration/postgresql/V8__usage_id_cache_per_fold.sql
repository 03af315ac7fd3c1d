-- H2 caches more of the usage table's ids from this version on (see h2/V8__usage_id_cache_per_fold.sql). PostgreSQL
-- keeps its default for the reasons in postgresql/V7__usage_id_cache.sql; each database needs a file of every
-- version, so this one records the choice on the table.
COMMENT ON TABLE usage IS 'one row per answered request; ids are unique and increasing, a crash may leave a gap';
