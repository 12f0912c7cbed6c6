-- The trace of the change that wrote an event (issue 6, tracing): the W3C traceparent of the
-- writer's span when tracing is on, else NULL. The relay publishes the event inside that trace, so
-- the Kafka record and its consumers continue the HTTP request that made the change, and the
-- CloudEvent carries it as the Distributed Tracing extension attribute `traceparent`.
ALTER TABLE work_order_events ADD COLUMN traceparent text;
