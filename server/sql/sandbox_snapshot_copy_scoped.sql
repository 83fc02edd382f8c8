-- A scoped snapshot's rows: only what the principal may see ({{source}} is
-- one of the <table>_in table macros of scopes.sql, from an allow-list;
-- $scope is bound).
INSERT INTO {{snapshot}}.main.{{table}} BY NAME SELECT * FROM {{source}}($scope);
