-- An interview link can be replaced (a new token; the old one stops working) or revoked
-- (no working token at all). Only the token's digest is ever stored, so a replaced or
-- revoked link simply no longer matches; this records when a link was revoked, for HR.
-- Keep in step with migrations/sqlite/0010_link_revocation.sql.

ALTER TABLE applications ADD COLUMN link_revoked_at BIGINT;
