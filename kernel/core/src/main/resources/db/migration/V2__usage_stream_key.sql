-- A stream's usage row is written while the stream runs (a checkpoint of the tokens seen so far, outcome
-- 'aborted') and replaced by its final figures when it ends; stream_key identifies that row (NULL for
-- requests written once). Additive: existing rows keep NULL.
ALTER TABLE usage ADD COLUMN stream_key BIGINT;
CREATE UNIQUE INDEX usage_stream_key ON usage(stream_key);
