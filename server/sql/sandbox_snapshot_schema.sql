-- Tables (with their comments), sequences and macros, without data.
COPY FROM DATABASE {{main}} TO {{snapshot}} (SCHEMA);
