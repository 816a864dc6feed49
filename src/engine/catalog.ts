import { Ajv } from 'ajv'
import type { Catalog } from '../findings.js'
import { SEVERITIES } from '../facts/location.js'

const catalogSchema = {
  type: 'object',
  required: ['rules'],
  properties: {
    rules: {
      type: 'array',
      items: {
        type: 'object',
        required: [
          'id',
          'package',
          'title',
          'description',
          'severity',
          'kind',
          'techniques',
          'inputs',
          'cis',
          'remediation',
          'references',
          'source'
        ],
        properties: {
          id: { type: 'string', pattern: '^PGH-[0-9]{3}$' },
          package: { type: 'string', pattern: '^[a-z0-9_]+$' },
          title: { type: 'string', minLength: 1 },
          description: { type: 'string' },
          severity: { enum: SEVERITIES },
          kind: { enum: ['automated', 'manual'] },
          techniques: { type: 'array', items: { type: 'integer', minimum: 0, maximum: 50 } },
          inputs: { type: 'array', items: { type: 'string' } },
          cis: { type: 'array', items: { type: 'string' } },
          remediation: { type: 'string', minLength: 1 },
          references: {
            type: 'array',
            items: {
              type: 'object',
              required: ['url'],
              properties: { url: { type: 'string' }, description: { type: 'string' } }
            }
          },
          source: { type: 'string' },
          deprecated: { type: 'boolean' }
        }
      }
    }
  }
} as const

const validate = new Ajv({ allErrors: true }).compile<Catalog>(catalogSchema)

/** Checks the rule catalogue that the policy build wrote; a broken one is our bug, not the user's. */
export function parseCatalog(json: unknown): Catalog {
  if (!validate(json)) {
    const detail = (validate.errors ?? [])
      .slice(0, 5)
      .map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`)
      .join('; ')
    throw new Error(`the rule catalogue is invalid: ${detail}`)
  }
  return json
}
