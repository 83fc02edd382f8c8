-- One audit entry (at: UTC, like sql_audit.started_at).
INSERT INTO audit_log (occurred_at, actor, action, outcome, target, detail, address, user_agent)
VALUES ($at::TIMESTAMP, $actor, $action, $outcome, $target, $detail, $address, $user_agent)
