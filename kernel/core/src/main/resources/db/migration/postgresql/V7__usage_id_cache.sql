-- H2 caches more ids of the usage table's sequence from this version on (see h2/V7__usage_id_cache.sql). PostgreSQL
-- keeps its default: taking an id there writes no more than a log record, and a per-session cache would only make
-- the ids of the pool's connections interleave out of order. The statement records that choice on the column.
COMMENT ON COLUMN usage.id IS 'row id: unique and increasing; a crash may leave a gap';
