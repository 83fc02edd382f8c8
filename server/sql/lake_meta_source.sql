(SELECT * FROM meta WHERE key <> 'student_key_salt')
