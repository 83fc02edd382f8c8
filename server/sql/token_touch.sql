-- Marks a token as used now.
UPDATE api_tokens SET last_used = current_timestamp::TIMESTAMP WHERE id = $id
