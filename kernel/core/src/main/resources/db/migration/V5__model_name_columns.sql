-- Model names are validated to at most 256 characters (letters, digits and - . _ : / @ +). The usage columns
-- that store them were 200 wide, so a valid long name failed the usage insert: widen them to the validated bound.
ALTER TABLE usage ALTER COLUMN route_model SET DATA TYPE VARCHAR(256);
ALTER TABLE usage ALTER COLUMN upstream_model SET DATA TYPE VARCHAR(256);
ALTER TABLE usage_daily ALTER COLUMN route_model SET DATA TYPE VARCHAR(256);
