-- State that several gateways sharing one database keep in it (on an embedded database these tables stay empty:
-- a single gateway keeps the same state in memory). Additive only.

-- Conversation affinity: a conversation sticks to the account that served it, on every instance. Keyed by a
-- SHA-256 of the conversation key (never the key itself, which may name a user). Instances cache pins in memory;
-- rows unused for longer than dispatch.affinity-ttl, and the oldest beyond dispatch.affinity-max-entries, are
-- pruned by one instance at a time.
CREATE TABLE affinity_pins (
    provider      VARCHAR(100) NOT NULL,
    conversation  VARCHAR(64)  NOT NULL,
    account_id    BIGINT       NOT NULL,
    last_used_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (provider, conversation)
);
CREATE INDEX affinity_pins_last_used ON affinity_pins(last_used_at);

-- Requests-per-minute limits of client keys across instances: one token bucket per key (rpm tokens, refilled
-- continuously at rpm per minute), from which each instance takes small batches.
CREATE TABLE rate_buckets (
    key_name     VARCHAR(200)     PRIMARY KEY,
    tokens       DOUBLE PRECISION NOT NULL,
    -- epoch milliseconds of the last refill
    refilled_at  BIGINT           NOT NULL
);
