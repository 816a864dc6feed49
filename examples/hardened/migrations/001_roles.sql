-- 001: roles and privileges for the shop application.
-- NOLOGIN group roles own and use the objects; login roles only inherit from them.
CREATE ROLE shop_owner NOLOGIN;
CREATE ROLE shop_rw NOLOGIN;
CREATE ROLE shop_ro NOLOGIN;

-- A SCRAM-SHA-256 verifier computed outside the repository: it does not reveal the password.
CREATE ROLE app LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS
    CONNECTION LIMIT 50
    PASSWORD 'SCRAM-SHA-256$4096:otDLqUpR9pOdkeAVflx6xw==$lcHoajDaYqcBRyjc1aXqVpOHAvt9jz6E1El6Wy3a1Ag=:57m/VbrPsMLcksA1gNVYgVyNM8fYWDOS8mHgCXxeFdw=';
GRANT shop_rw TO app;
ALTER ROLE app SET statement_timeout = '30s';

REVOKE CREATE ON SCHEMA public FROM PUBLIC;
REVOKE ALL ON DATABASE shop FROM PUBLIC;
GRANT CONNECT ON DATABASE shop TO shop_rw, shop_ro;

CREATE SCHEMA shop AUTHORIZATION shop_owner;
GRANT USAGE ON SCHEMA shop TO shop_rw, shop_ro;
ALTER DEFAULT PRIVILEGES FOR ROLE shop_owner IN SCHEMA shop
    GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO shop_rw;
ALTER DEFAULT PRIVILEGES FOR ROLE shop_owner IN SCHEMA shop
    GRANT SELECT ON TABLES TO shop_ro;

CREATE FUNCTION shop.order_total(p_order integer) RETURNS numeric
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
    AS $$ SELECT sum(amount) FROM shop.order_lines WHERE order_id = p_order $$;
REVOKE EXECUTE ON FUNCTION shop.order_total(integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION shop.order_total(integer) TO shop_rw;
