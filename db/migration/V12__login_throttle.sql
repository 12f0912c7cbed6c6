-- Failed log-ins per account (the e-mail as typed, lower-cased, whether or not such an account
-- exists: the answer must not tell) and per client address, shared by every instance.
CREATE TABLE login_failures (
    subject      text        PRIMARY KEY,
    failures     integer     NOT NULL,
    window_start timestamptz NOT NULL,
    locked_until timestamptz
);
CREATE INDEX login_failures_window_idx ON login_failures (window_start);
