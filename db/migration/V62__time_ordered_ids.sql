-- Time-ordered ids (UUID version 7, RFC 9562) for the rows written on every create and event.
--
-- A random (version 4) id puts each new row's index entries on a random page of the primary key
-- and of every index that ends with the id: each create dirtied three pages no other create had
-- touched, and the first change of a page after a checkpoint writes the whole page to the WAL.
-- Measured on 200,000 work orders (EXPLAIN (ANALYZE, BUFFERS, WAL) of the create statement, right
-- after a checkpoint): 3 pages dirtied and 21 KB of WAL per create with random ids, none and 1.9 KB
-- with these (bench/RESULTS.md, session 10). At 1,000,000 rows the indexes outgrow shared buffers
-- and every random page is also a read. A version 7 id begins with the time in milliseconds, so new
-- entries go to the last page; 74 random bits keep it unguessable, and it is a UUID like any other.
CREATE FUNCTION uuid_v7() RETURNS uuid
    LANGUAGE sql VOLATILE PARALLEL SAFE AS $$
    -- gen_random_uuid()'s 16 bytes, the first 6 replaced by the Unix time in milliseconds, and the
    -- version nibble turned from 4 (0100) into 7 (0111) by setting bits 52 and 53.
    SELECT encode(set_bit(set_bit(overlay(uuid_send(gen_random_uuid())
               PLACING substring(int8send((extract(epoch FROM clock_timestamp()) * 1000)::bigint) FROM 3)
               FROM 1 FOR 6), 52, 1), 53, 1), 'hex')::uuid
$$;

ALTER TABLE work_orders ALTER COLUMN id SET DEFAULT uuid_v7();
ALTER TABLE work_order_comments ALTER COLUMN id SET DEFAULT uuid_v7();
ALTER TABLE work_order_events ALTER COLUMN event_id SET DEFAULT uuid_v7();
ALTER TABLE notification_jobs ALTER COLUMN id SET DEFAULT uuid_v7();
ALTER TABLE notification_attempts ALTER COLUMN id SET DEFAULT uuid_v7();
ALTER TABLE notification_dead_letters ALTER COLUMN id SET DEFAULT uuid_v7();
