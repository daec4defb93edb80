CREATE TABLE measurements (id bigint NOT NULL, taken date NOT NULL, v numeric(10,2)) PARTITION BY RANGE (taken);
CREATE TABLE measurements_2024 PARTITION OF measurements FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE measurements_other PARTITION OF missing_parent FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
