-- Version 2: how a failed request failed (the gateway's error kind, e.g. upstream_server or client_quota),
-- so usage can be counted by error kind. Null for answered and aborted requests and for rows written before.
ALTER TABLE usage ADD COLUMN error_kind VARCHAR(40);
