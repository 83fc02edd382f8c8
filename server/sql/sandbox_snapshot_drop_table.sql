DROP TABLE {{snapshot}}.main.{{table}};
