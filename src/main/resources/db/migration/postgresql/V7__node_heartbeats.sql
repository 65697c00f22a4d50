-- Cluster members on this database, each renewing its row while it is Up. A node that would form a
-- new cluster (the first seed node) first looks here: a fresh row from another address means a
-- cluster is alive on this database, and forming a second one would give every call two writers.
-- Times are the database's own clock, so node clocks do not matter.
CREATE TABLE node_heartbeats (
  node VARCHAR(300) NOT NULL PRIMARY KEY,
  address VARCHAR(255) NOT NULL,
  renewed_at TIMESTAMP WITH TIME ZONE NOT NULL
);
