import {
  ADDRESS_SCOPES,
  FACTS_SCHEMA_VERSION,
  HBA_TYPES,
  SETTING_TYPES,
  SOURCE_KINDS
} from './types.js'
import { DIAGNOSTIC_LEVELS } from './location.js'

/**
 * The one JSON Schema of the facts document (draft 2020-12). `src/facts/types.ts` mirrors it
 * for TypeScript; tests validate every document the scanner builds against it, and the build
 * writes it to `policies/schema/facts.json` for `opa check --strict -s`.
 */
const location = {
  type: 'object',
  required: ['file', 'line', 'column'],
  additionalProperties: false,
  properties: {
    file: { type: 'string', minLength: 1 },
    line: { type: 'integer', minimum: 1 },
    column: { type: 'integer', minimum: 1 }
  }
} as const

const hbaName = {
  type: 'object',
  required: ['value', 'kind'],
  additionalProperties: false,
  properties: {
    value: { type: 'string' },
    kind: { enum: ['keyword', 'name', 'group', 'file', 'regex'] }
  }
} as const

export const factsSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://github.com/pg-hardening/pg-hardening/facts.schema.json',
  title: 'pg-hardening facts document',
  description:
    'What pg-hardening knows about one PostgreSQL deployment, the only input of the policies.',
  type: 'object',
  required: ['schema_version', 'target', 'diagnostics'],
  additionalProperties: false,
  $defs: { location },
  properties: {
    schema_version: { const: FACTS_SCHEMA_VERSION },
    target: {
      type: 'object',
      required: ['name', 'source', 'major', 'major_source'],
      additionalProperties: false,
      properties: {
        name: { type: 'string' },
        source: { enum: SOURCE_KINDS },
        major: { type: 'integer', minimum: 8 },
        major_source: { enum: ['assumed', 'config', 'image', 'server'] }
      }
    },
    postgresql: {
      type: 'object',
      required: ['config_file', 'files', 'settings'],
      additionalProperties: false,
      properties: {
        config_file: { type: 'string' },
        files: { type: 'array', items: { type: 'string' } },
        settings: {
          type: 'object',
          propertyNames: { pattern: '^[a-z_][a-z0-9_$]*(\\.[a-z_][a-z0-9_$]*)?$' },
          additionalProperties: {
            type: 'object',
            required: ['value', 'raw', 'type', 'origin', 'is_default', 'location'],
            additionalProperties: false,
            properties: {
              value: { type: ['boolean', 'number', 'string'] },
              raw: { type: 'string' },
              type: { enum: SETTING_TYPES },
              unit: { type: 'string' },
              items: { type: 'array', items: { type: 'string' } },
              origin: { enum: ['file', 'server', 'unknown'] },
              is_default: { type: 'boolean' },
              location,
              overridden: { type: 'array', items: location }
            }
          }
        }
      }
    },
    hba: {
      type: 'object',
      required: ['file', 'files', 'rules'],
      additionalProperties: false,
      properties: {
        file: { type: 'string' },
        files: { type: 'array', items: { type: 'string' } },
        rules: {
          type: 'array',
          items: {
            type: 'object',
            required: ['order', 'type', 'databases', 'users', 'method', 'options', 'location'],
            additionalProperties: false,
            properties: {
              order: { type: 'integer', minimum: 1 },
              type: { enum: HBA_TYPES },
              databases: { type: 'array', items: hbaName },
              users: { type: 'array', items: hbaName },
              address: {
                type: 'object',
                required: ['raw', 'scope', 'remote'],
                additionalProperties: false,
                properties: {
                  raw: { type: 'string' },
                  cidr: { type: 'string' },
                  family: { enum: ['ipv4', 'ipv6'] },
                  prefix: { type: 'integer', minimum: 0, maximum: 128 },
                  scope: { enum: ADDRESS_SCOPES },
                  remote: { type: 'boolean' }
                }
              },
              method: { type: 'string' },
              options: { type: 'object', additionalProperties: { type: 'string' } },
              location
            }
          }
        }
      }
    },
    diagnostics: {
      type: 'array',
      items: {
        type: 'object',
        required: ['code', 'level', 'message'],
        additionalProperties: false,
        properties: {
          code: { type: 'string', pattern: '^[A-Z][A-Z0-9_]*$' },
          level: { enum: DIAGNOSTIC_LEVELS },
          message: { type: 'string' },
          location
        }
      }
    }
  }
} as const
