DROP VIEW {{snapshot}}.main.{{table}};
