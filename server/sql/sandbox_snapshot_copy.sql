INSERT INTO {{snapshot}}.main.{{table}} BY NAME SELECT * FROM {{main}}.main.{{table}};
