-- The usage table's id sequence hands out ids from a cache; each time the cache runs out, H2 writes the sequence's
-- new limit and commits the whole store to disk, in the middle of the usage folder's batch. With H2's default of
-- 32 ids that was a store commit every 32 usage rows, nearly half the folder's time under load. 1000 ids make it one
-- commit per 1000 rows. The cost: a crash (never a clean stop) leaves a gap of up to 1000 ids; ids only identify
-- rows, nothing reads meaning into them.
ALTER TABLE usage ALTER COLUMN id SET CACHE 1000;
