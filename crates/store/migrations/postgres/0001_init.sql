-- Kaoguan schema, PostgreSQL dialect. Times are UTC milliseconds since the epoch.
-- Keep in step with migrations/sqlite/0001_init.sql; migrations are append-only.

CREATE TABLE organisations (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    timezone    TEXT NOT NULL,
    created_at  BIGINT NOT NULL
);

CREATE TABLE users (
    id             TEXT PRIMARY KEY,
    org_id         TEXT NOT NULL REFERENCES organisations(id),
    email          TEXT NOT NULL,
    email_key      TEXT NOT NULL UNIQUE,   -- lowercased, for case-insensitive sign-in
    display_name   TEXT NOT NULL,
    password_hash  TEXT NOT NULL,
    role           TEXT NOT NULL,
    department     TEXT,
    created_at     BIGINT NOT NULL
);
CREATE INDEX users_org ON users(org_id);

CREATE TABLE sessions (
    digest      TEXT PRIMARY KEY,
    user_id     TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    csrf_token  TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL
);

CREATE TABLE api_tokens (
    digest      TEXT PRIMARY KEY,
    user_id     TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    label       TEXT NOT NULL,
    created_at  BIGINT NOT NULL
);

CREATE TABLE jobs (
    id             TEXT PRIMARY KEY,
    org_id         TEXT NOT NULL REFERENCES organisations(id),
    title          TEXT NOT NULL,
    department     TEXT NOT NULL,
    language       TEXT NOT NULL,
    description    TEXT NOT NULL,
    model_version  BIGINT NOT NULL,
    created_at     BIGINT NOT NULL,
    updated_at     BIGINT NOT NULL
);
CREATE INDEX jobs_org ON jobs(org_id, created_at);

CREATE TABLE competency_models (
    org_id        TEXT NOT NULL REFERENCES organisations(id),
    job_id        TEXT NOT NULL REFERENCES jobs(id),
    version       BIGINT NOT NULL,
    competencies  TEXT NOT NULL,           -- JSON array of {key, name, weight, indicators}
    created_at    BIGINT NOT NULL,
    PRIMARY KEY (job_id, version)
);

CREATE TABLE questions (
    id              TEXT PRIMARY KEY,
    org_id          TEXT NOT NULL REFERENCES organisations(id),
    job_id          TEXT NOT NULL REFERENCES jobs(id),
    position        BIGINT NOT NULL,
    kind            TEXT NOT NULL,
    text            TEXT NOT NULL,
    competencies    TEXT NOT NULL,         -- JSON array of keys
    think_seconds   BIGINT NOT NULL,
    answer_seconds  BIGINT NOT NULL,
    modes           TEXT NOT NULL,         -- JSON array
    rubric          TEXT NOT NULL,         -- JSON {key_points, red_flags, exemplars}
    archived_at     BIGINT,
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL
);
CREATE INDEX questions_job ON questions(job_id, position);

CREATE TABLE candidates (
    id          TEXT PRIMARY KEY,
    org_id      TEXT NOT NULL REFERENCES organisations(id),
    name        TEXT NOT NULL,
    email       TEXT,
    phone       TEXT,
    created_at  BIGINT NOT NULL
);
CREATE INDEX candidates_org ON candidates(org_id);

CREATE TABLE applications (
    id               TEXT PRIMARY KEY,
    org_id           TEXT NOT NULL REFERENCES organisations(id),
    job_id           TEXT NOT NULL REFERENCES jobs(id),
    candidate_id     TEXT NOT NULL REFERENCES candidates(id),
    token_digest     TEXT NOT NULL UNIQUE,
    status           TEXT NOT NULL,
    consent          BIGINT,              -- NULL undecided, 1 accepted, 0 refused
    consent_at       BIGINT,
    consent_version  TEXT,
    practice_done_at BIGINT,
    finished_at      BIGINT,
    created_at       BIGINT NOT NULL,
    updated_at       BIGINT NOT NULL
);
CREATE INDEX applications_job ON applications(org_id, job_id, created_at);

CREATE TABLE answer_slots (
    application_id  TEXT NOT NULL REFERENCES applications(id),
    question_id     TEXT NOT NULL REFERENCES questions(id),
    org_id          TEXT NOT NULL REFERENCES organisations(id),
    state           TEXT NOT NULL,
    presented_at    BIGINT NOT NULL,
    deadline_at     BIGINT NOT NULL,
    answered_at     BIGINT,
    text            TEXT,
    PRIMARY KEY (application_id, question_id)
);

CREATE TABLE reports (
    application_id  TEXT PRIMARY KEY REFERENCES applications(id),
    org_id          TEXT NOT NULL REFERENCES organisations(id),
    status          TEXT NOT NULL,
    total           DOUBLE PRECISION,
    model_version   TEXT NOT NULL,
    body            TEXT NOT NULL,         -- JSON
    created_at      BIGINT NOT NULL
);

CREATE TABLE tasks (
    id            TEXT PRIMARY KEY,
    kind          TEXT NOT NULL,
    payload       TEXT NOT NULL,           -- JSON
    state         TEXT NOT NULL,           -- queued | running | done | dead
    attempts      BIGINT NOT NULL,
    run_at        BIGINT NOT NULL,
    locked_until  BIGINT,
    last_error    TEXT,
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL
);
CREATE INDEX tasks_due ON tasks(state, run_at);
