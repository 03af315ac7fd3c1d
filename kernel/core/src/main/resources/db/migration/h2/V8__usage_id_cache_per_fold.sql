-- 1000 cached ids (V7) were still too few: the usage folder writes a second's rows in one transaction, thousands
-- under load, and every time the cache ran out H2 wrote the sequence's new limit and stored every page the
-- transaction had changed so far, several times per fold. Profiled under load, that was a fifth of the folder's
-- time. 100000 ids last a busy gateway minutes. The cost: a crash (never a clean stop) leaves a gap of up to
-- 100000 ids; ids only identify rows, nothing reads meaning into them.
ALTER TABLE usage ALTER COLUMN id SET CACHE 100000;
