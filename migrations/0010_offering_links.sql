-- The page where a customer books, buys or enters one offering (a course's club, a product page).
-- A reactivation message about that offering carries it (tracked when PUBLIC_URL is set); the
-- tenant's reactivation.link is the fallback for offerings without one.
ALTER TABLE offerings
  ADD COLUMN url text CHECK (url ~ '^https?://[^\s/]' AND length(url) <= 2048);
