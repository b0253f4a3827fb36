-- The reference schema of schema.sql for MySQL 8 / MariaDB 10.6+: the same tables and columns, in the same
-- order, with the same names, nullability and constraints (types mapped as in docs/engines.md).
-- Idempotent: safe to apply again (mysql app < schema.mysql.sql, or `exporter demo init --engine mysql`).
-- Timestamps are DATETIME(6) holding UTC (compare them with UTC_TIMESTAMP(), or NOW() in a session whose time_zone
-- is '+00:00'), ids BIGINT, NULL means "not happened (yet)", money is integer cents.
-- Indexes are declared in CREATE TABLE (MySQL 8 has no CREATE INDEX IF NOT EXISTS). MySQL has neither partial
-- indexes nor INCLUDE: a partial index of schema.sql becomes a full one that leads with its condition's column where
-- that helps, and INCLUDE columns become trailing key columns. utf8mb4_bin compares text byte by byte, like
-- PostgreSQL's "C" collation: labels that differ in case or accents stay apart.

CREATE TABLE IF NOT EXISTS customers (
    id                  BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    name                TEXT NOT NULL,
    segment             VARCHAR(100),
    sector              VARCHAR(100),
    country             VARCHAR(2),
    acquisition_channel VARCHAR(100),
    created_at          DATETIME(6) NOT NULL,
    CONSTRAINT customers_country_check CHECK (country REGEXP '^[A-Z]{2}$')
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE IF NOT EXISTS subscriptions (
    id          BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    customer_id BIGINT NOT NULL,
    plan        VARCHAR(100) NOT NULL,
    currency    VARCHAR(3) NOT NULL,
    mrr_cents   BIGINT NOT NULL,
    started_at  DATETIME(6) NOT NULL,
    ended_at    DATETIME(6),
    term_end_at DATETIME(6),
    CONSTRAINT subscriptions_customer_id_fkey FOREIGN KEY (customer_id) REFERENCES customers (id),
    CONSTRAINT subscriptions_currency_check CHECK (currency REGEXP '^[A-Z]{3}$'),
    CONSTRAINT subscriptions_mrr_cents_check CHECK (mrr_cents >= 0),
    CONSTRAINT subscriptions_check CHECK (ended_at >= started_at),
    INDEX subscriptions_customer_id_idx (customer_id),
    INDEX subscriptions_term_end_at_idx (term_end_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE IF NOT EXISTS trials (
    id           BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    customer_id  BIGINT NOT NULL,
    started_at   DATETIME(6) NOT NULL,
    ends_at      DATETIME(6) NOT NULL,
    converted_at DATETIME(6),
    CONSTRAINT trials_customer_id_fkey FOREIGN KEY (customer_id) REFERENCES customers (id),
    CONSTRAINT trials_check CHECK (ends_at >= started_at),
    INDEX trials_ends_at_idx (ends_at),
    INDEX trials_started_at_idx (started_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE IF NOT EXISTS invoices (
    id           BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    customer_id  BIGINT NOT NULL,
    currency     VARCHAR(3) NOT NULL,
    amount_cents BIGINT NOT NULL,
    issued_at    DATETIME(6) NOT NULL,
    due_at       DATETIME(6),
    paid_at      DATETIME(6),
    CONSTRAINT invoices_customer_id_fkey FOREIGN KEY (customer_id) REFERENCES customers (id),
    CONSTRAINT invoices_currency_check CHECK (currency REGEXP '^[A-Z]{3}$'),
    INDEX invoices_issued_at_idx (issued_at),
    INDEX invoices_due_at_idx (due_at),
    -- schema.sql's invoices_unpaid_idx (issued_at) WHERE paid_at IS NULL, and invoices_paid_at_idx: one index.
    INDEX invoices_paid_at_idx (paid_at, issued_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE IF NOT EXISTS marketing_spend (
    day          DATE NOT NULL,
    channel      VARCHAR(100) NOT NULL,
    currency     VARCHAR(3) NOT NULL,
    amount_cents BIGINT NOT NULL,
    PRIMARY KEY (day, channel, currency),
    CONSTRAINT marketing_spend_currency_check CHECK (currency REGEXP '^[A-Z]{3}$'),
    CONSTRAINT marketing_spend_amount_cents_check CHECK (amount_cents >= 0)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE IF NOT EXISTS web_traffic (
    day      DATE NOT NULL,
    channel  VARCHAR(100) NOT NULL,
    visitors BIGINT NOT NULL,
    PRIMARY KEY (day, channel),
    CONSTRAINT web_traffic_visitors_check CHECK (visitors >= 0)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE IF NOT EXISTS leads (
    id          BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    channel     VARCHAR(100),
    segment     VARCHAR(100),
    created_at  DATETIME(6) NOT NULL,
    demo_at     DATETIME(6),
    signed_at   DATETIME(6),
    lost_at     DATETIME(6),
    lost_reason VARCHAR(100),
    INDEX leads_created_at_idx (created_at),
    INDEX leads_demo_at_idx (demo_at),
    INDEX leads_lost_at_idx (lost_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE IF NOT EXISTS users (
    id           BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    customer_id  BIGINT,
    created_at   DATETIME(6) NOT NULL,
    activated_at DATETIME(6),
    country      VARCHAR(100),
    age_band     VARCHAR(100),
    CONSTRAINT users_customer_id_fkey FOREIGN KEY (customer_id) REFERENCES customers (id),
    INDEX users_created_at_idx (created_at),
    INDEX users_activated_at_idx (activated_at),
    INDEX users_customer_id_idx (customer_id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE IF NOT EXISTS user_sessions (
    id         BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    user_id    BIGINT NOT NULL,
    started_at DATETIME(6) NOT NULL,
    device     VARCHAR(100),
    country    VARCHAR(100),
    CONSTRAINT user_sessions_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id),
    CONSTRAINT user_sessions_device_check CHECK (device IN ('desktop', 'mobile', 'tablet')),
    INDEX user_sessions_started_at_idx (started_at, user_id, device, country),
    INDEX user_sessions_user_id_started_at_idx (user_id, started_at, id, device)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE IF NOT EXISTS activity_events (
    id          BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    user_id     BIGINT NOT NULL,
    occurred_at DATETIME(6) NOT NULL,
    feature     VARCHAR(100) NOT NULL,
    CONSTRAINT activity_events_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id),
    INDEX activity_events_occurred_at_idx (occurred_at, user_id, feature)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE IF NOT EXISTS courses (
    id           BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    title        TEXT NOT NULL,
    category     VARCHAR(100),
    published_at DATETIME(6),
    updated_at   DATETIME(6)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE IF NOT EXISTS course_modules (
    id           BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    course_id    BIGINT NOT NULL,
    title        TEXT NOT NULL,
    published_at DATETIME(6),
    updated_at   DATETIME(6),
    CONSTRAINT course_modules_course_id_fkey FOREIGN KEY (course_id) REFERENCES courses (id),
    INDEX course_modules_course_id_idx (course_id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE IF NOT EXISTS enrollments (
    id                    BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    user_id               BIGINT NOT NULL,
    course_id             BIGINT NOT NULL,
    enrolled_at           DATETIME(6) NOT NULL,
    started_at            DATETIME(6),
    completed_at          DATETIME(6),
    certificate_issued_at DATETIME(6),
    CONSTRAINT enrollments_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id),
    CONSTRAINT enrollments_course_id_fkey FOREIGN KEY (course_id) REFERENCES courses (id),
    INDEX enrollments_enrolled_at_idx (enrolled_at),
    INDEX enrollments_certificate_issued_at_idx (certificate_issued_at),
    INDEX enrollments_user_id_idx (user_id),
    INDEX enrollments_completed_idx (user_id, completed_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE IF NOT EXISTS quiz_attempts (
    id           BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    user_id      BIGINT NOT NULL,
    course_id    BIGINT NOT NULL,
    score_ratio  DOUBLE NOT NULL,
    attempted_at DATETIME(6) NOT NULL,
    CONSTRAINT quiz_attempts_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id),
    CONSTRAINT quiz_attempts_course_id_fkey FOREIGN KEY (course_id) REFERENCES courses (id),
    CONSTRAINT quiz_attempts_score_ratio_check CHECK (score_ratio BETWEEN 0 AND 1),
    INDEX quiz_attempts_attempted_at_idx (attempted_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE IF NOT EXISTS content_feedback (
    id         BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    user_id    BIGINT NOT NULL,
    course_id  BIGINT NOT NULL,
    kind       VARCHAR(100) NOT NULL,
    rating     SMALLINT,
    created_at DATETIME(6) NOT NULL,
    CONSTRAINT content_feedback_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id),
    CONSTRAINT content_feedback_course_id_fkey FOREIGN KEY (course_id) REFERENCES courses (id),
    CONSTRAINT content_feedback_kind_check CHECK (kind IN ('rating', 'share', 'comment')),
    CONSTRAINT content_feedback_check CHECK (rating IS NULL OR (kind = 'rating' AND rating BETWEEN 1 AND 5)),
    INDEX content_feedback_created_at_idx (created_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE IF NOT EXISTS nps_responses (
    id           BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    respondent   VARCHAR(100) NOT NULL,
    user_id      BIGINT,
    customer_id  BIGINT,
    score        SMALLINT NOT NULL,
    responded_at DATETIME(6) NOT NULL,
    CONSTRAINT nps_responses_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id),
    CONSTRAINT nps_responses_customer_id_fkey FOREIGN KEY (customer_id) REFERENCES customers (id),
    CONSTRAINT nps_responses_respondent_check CHECK (respondent IN ('learner', 'customer')),
    CONSTRAINT nps_responses_score_check CHECK (score BETWEEN 0 AND 10),
    INDEX nps_responses_responded_at_idx (responded_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE IF NOT EXISTS csat_responses (
    id           BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    touchpoint   VARCHAR(100) NOT NULL,
    user_id      BIGINT,
    customer_id  BIGINT,
    score        SMALLINT NOT NULL,
    responded_at DATETIME(6) NOT NULL,
    CONSTRAINT csat_responses_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id),
    CONSTRAINT csat_responses_customer_id_fkey FOREIGN KEY (customer_id) REFERENCES customers (id),
    CONSTRAINT csat_responses_score_check CHECK (score BETWEEN 1 AND 5),
    INDEX csat_responses_responded_at_idx (responded_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE IF NOT EXISTS support_tickets (
    id                BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    customer_id       BIGINT,
    created_at        DATETIME(6) NOT NULL,
    first_response_at DATETIME(6),
    resolved_at       DATETIME(6),
    priority          VARCHAR(100),
    CONSTRAINT support_tickets_customer_id_fkey FOREIGN KEY (customer_id) REFERENCES customers (id),
    INDEX support_tickets_created_at_idx (created_at),
    INDEX support_tickets_priority_idx (priority, created_at),
    -- schema.sql's support_tickets_open_idx (created_at) WHERE resolved_at IS NULL, and support_tickets_resolved_at_idx.
    INDEX support_tickets_resolved_at_idx (resolved_at, created_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE IF NOT EXISTS marketplace_listings (
    id             BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    side           VARCHAR(100) NOT NULL,
    user_id        BIGINT,
    category       VARCHAR(100),
    created_at     DATETIME(6) NOT NULL,
    first_reply_at DATETIME(6),
    matched_at     DATETIME(6),
    closed_at      DATETIME(6),
    CONSTRAINT marketplace_listings_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id),
    CONSTRAINT marketplace_listings_side_check CHECK (side IN ('supply', 'demand')),
    INDEX marketplace_listings_created_at_idx (created_at),
    INDEX marketplace_listings_matched_at_idx (matched_at),
    INDEX marketplace_listings_first_reply_at_idx (first_reply_at),
    -- schema.sql's marketplace_listings_open_idx (created_at) WHERE matched_at IS NULL AND closed_at IS NULL.
    INDEX marketplace_listings_open_idx (matched_at, closed_at, created_at),
    INDEX marketplace_listings_closed_at_idx (closed_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE IF NOT EXISTS marketplace_transactions (
    id             BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    listing_id     BIGINT NOT NULL,
    buyer_user_id  BIGINT,
    seller_user_id BIGINT,
    currency       VARCHAR(3) NOT NULL,
    amount_cents   BIGINT NOT NULL,
    occurred_at    DATETIME(6) NOT NULL,
    CONSTRAINT marketplace_transactions_listing_id_fkey FOREIGN KEY (listing_id) REFERENCES marketplace_listings (id),
    CONSTRAINT marketplace_transactions_buyer_user_id_fkey FOREIGN KEY (buyer_user_id) REFERENCES users (id),
    CONSTRAINT marketplace_transactions_seller_user_id_fkey FOREIGN KEY (seller_user_id) REFERENCES users (id),
    CONSTRAINT marketplace_transactions_currency_check CHECK (currency REGEXP '^[A-Z]{3}$'),
    CONSTRAINT marketplace_transactions_amount_cents_check CHECK (amount_cents >= 0),
    INDEX marketplace_transactions_listing_id_idx (listing_id),
    INDEX marketplace_transactions_occurred_at_idx (occurred_at),
    INDEX marketplace_transactions_currency_idx (currency, occurred_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- No primary key, as in schema.sql (InnoDB adds a hidden row id).
CREATE TABLE IF NOT EXISTS request_log (
    service     VARCHAR(100) NOT NULL,
    occurred_at DATETIME(6) NOT NULL,
    duration_ms DOUBLE NOT NULL,
    status_code INT NOT NULL,
    CONSTRAINT request_log_duration_ms_check CHECK (duration_ms >= 0),
    INDEX request_log_occurred_at_idx (occurred_at),
    INDEX request_log_service_occurred_at_idx (service, occurred_at),
    -- schema.sql's request_log_unavailable_idx (service, occurred_at) WHERE status_code >= 500 OR status_code IS NULL.
    INDEX request_log_unavailable_idx (service, status_code, occurred_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
