-- 001: roles and privileges for the shop application, copied from a quick-start guide.
-- « It needs superuser for the migrations » — it does not.
CREATE ROLE app WITH LOGIN SUPERUSER PASSWORD 'shop2024';

GRANT ALL ON ALL TABLES IN SCHEMA public TO PUBLIC;
GRANT CREATE ON SCHEMA public TO PUBLIC;

CREATE EXTENSION IF NOT EXISTS dblink;

CREATE FUNCTION public.order_total(p_order integer) RETURNS numeric
    LANGUAGE sql STABLE SECURITY DEFINER
    AS $$ SELECT sum(amount) FROM order_lines WHERE order_id = p_order $$;
