-- Switchboard schema, version 2: what requests cost, and cost limits per client key. Additive only.

-- Cost of the row in the price table's currency (input, output, cache-read and cache-write tokens times the
-- upstream model's price per million). NULL when the row has tokens but its upstream model had no price.
ALTER TABLE usage ADD COLUMN cost DECIMAL(20, 9);
-- Billing units the upstream metered itself (Kiro credits); 0 when it meters none.
ALTER TABLE usage ADD COLUMN credits DOUBLE PRECISION DEFAULT 0 NOT NULL;

ALTER TABLE usage_daily ADD COLUMN cost DECIMAL(20, 9) DEFAULT 0 NOT NULL;
-- Rows of the day that had tokens but no price (their cost is missing from the sum).
ALTER TABLE usage_daily ADD COLUMN unpriced BIGINT DEFAULT 0 NOT NULL;
ALTER TABLE usage_daily ADD COLUMN credits DOUBLE PRECISION DEFAULT 0 NOT NULL;

-- Cost per UTC day / calendar month a key may spend, in the price table's currency; NULL for no limit.
ALTER TABLE client_keys ADD COLUMN daily_cost_limit DECIMAL(20, 9);
ALTER TABLE client_keys ADD COLUMN monthly_cost_limit DECIMAL(20, 9);
