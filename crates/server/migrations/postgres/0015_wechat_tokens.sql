-- WeChat's access_token and jsapi_ticket, shared by every server on the database: WeChat allows an
-- official account some 2,000 tokens a day and keeps only the newest valid, so one server refreshes
-- (the one whose update takes `refreshing_until`) and the others read what it saved.
CREATE TABLE wechat_tokens (
    app_id           TEXT   NOT NULL,
    kind             TEXT   NOT NULL CHECK (kind IN ('access_token', 'jsapi_ticket')),
    value            TEXT   NOT NULL DEFAULT '',
    expires_at       BIGINT NOT NULL DEFAULT 0,
    refreshing_until BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (app_id, kind)
);
