-- Where the parser stopped: json_serialize_sql reports a character offset.
SELECT json_serialize_sql($sql::VARCHAR) AS info
