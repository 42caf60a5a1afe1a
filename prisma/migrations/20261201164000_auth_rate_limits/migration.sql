-- Sign-in attempts per account and per client address, shared by all web processes (issue 11,
-- finding 5: a new X-Forwarded-For per request defeated the per-process, per-address limit).
CREATE TABLE "auth_rate_limits" (
    "key" TEXT NOT NULL,
    "window_start" TIMESTAMP(3) NOT NULL,
    "hits" INTEGER NOT NULL,

    CONSTRAINT "auth_rate_limits_pkey" PRIMARY KEY ("key")
);
