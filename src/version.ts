// Replaced at bundle time with package.json's version; the fallback serves runs from sources.
declare const __PG_HARDENING_VERSION__: string | undefined

export const VERSION =
  typeof __PG_HARDENING_VERSION__ === 'string' ? __PG_HARDENING_VERSION__ : '0.0.0-dev'
export const HOMEPAGE = 'https://github.com/pg-hardening/pg-hardening'
