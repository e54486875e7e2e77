// GitHub's published REST description (@octokit/openapi, OpenAPI 3.0.3) as a
// checker for loopback fakes and soak harnesses: does a request match an
// operation's path, query and body, and does an answer match the schema
// declared for its status? Returns violations as strings; never throws on
// bad input. The 13 MB description is read once per worker; each
// operation's validators are compiled on first use and cached.
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv'
import formats from 'ajv-formats'

/** What the checker needs of a request; RecordedRequest (helpers/http.ts) has this shape. */
export interface ApiRequest {
  readonly method: string
  /** The path without the query, e.g. /repos/octo/widgets/pulls/7. */
  readonly path: string
  readonly query?: URLSearchParams | string
  readonly headers?: Readonly<Record<string, string | string[] | undefined>>
  /** The raw request body ('' for none). */
  readonly body?: string
}

/** An answer as sent: JSON bodies parsed, other media types as text. */
export interface ApiAnswer {
  readonly status: number
  /** The content-type header; JSON is assumed when absent. */
  readonly contentType?: string
  readonly body?: unknown
}

export interface OperationMatch {
  readonly operationId: string
  readonly method: string
  readonly template: string
  readonly params: Readonly<Record<string, string>>
}

// --- The description -------------------------------------------------------

interface Parameter {
  name: string
  in: 'path' | 'query' | 'header' | 'cookie'
  required?: boolean
  schema?: Schema
  'x-multi-segment'?: boolean
  $ref?: string
}
type Schema = Record<string, unknown>
interface MediaType {
  schema?: Schema
}
interface Response {
  $ref?: string
  content?: Record<string, MediaType>
}
interface Operation {
  operationId: string
  parameters?: Parameter[]
  requestBody?: { $ref?: string; required?: boolean; content?: Record<string, MediaType> }
  responses: Record<string, Response>
}
interface Description {
  openapi: string
  paths: Record<string, Record<string, Operation>>
  components: {
    schemas: Record<string, Schema>
    parameters: Record<string, Parameter>
    responses: Record<string, Response>
    requestBodies?: Record<string, { content?: Record<string, MediaType>; required?: boolean }>
  }
}

const require = createRequire(import.meta.url)
export const DESCRIPTION_PATH = require.resolve('@octokit/openapi/generated/api.github.com.json')

let description: Description | undefined
function spec(): Description {
  if (description) return description
  const parsed = JSON.parse(readFileSync(DESCRIPTION_PATH, 'utf8')) as Description
  // The schema dialect below (nullable, no type arrays) is OpenAPI 3.0's; 3.1 is JSON Schema 2020-12 and needs none of it.
  if (!parsed.openapi.startsWith('3.0.')) throw new Error(`openapi.ts converts OpenAPI 3.0 schemas; the description is ${parsed.openapi}`)
  description = parsed
  return parsed
}

const METHODS = new Set(['get', 'put', 'post', 'delete', 'patch', 'head', 'options'])

interface Route {
  readonly template: string
  readonly regex: RegExp
  readonly names: readonly string[]
  /** Literal segments: more is more specific (/pulls/{n}/files before /pulls/{n}). */
  readonly literals: number
  readonly operations: Readonly<Record<string, Operation>>
}

let routes: Route[] | undefined
function allRoutes(): Route[] {
  if (routes) return routes
  const d = spec()
  routes = Object.entries(d.paths).map(([template, item]) => {
    const operations = Object.fromEntries(Object.entries(item).filter(([m]) => METHODS.has(m)))
    const multi = new Set(
      Object.values(operations)
        .flatMap((op) => op.parameters ?? [])
        .map(resolveParameter)
        .filter((p) => p.in === 'path' && p['x-multi-segment'])
        .map((p) => p.name),
    )
    const names: string[] = []
    let literals = 0
    const source = template
      .split('/')
      .map((segment) => {
        const param = /^\{([^}]+)\}$/.exec(segment)
        if (!param) {
          literals++
          return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
        }
        names.push(param[1]!)
        return multi.has(param[1]!) ? '(.+)' : '([^/]+)'
      })
      .join('/')
    return { template, regex: new RegExp(`^${source}$`), names, literals, operations }
  })
  routes.sort((a, b) => b.literals - a.literals)
  return routes
}

function resolveParameter(p: Parameter): Parameter {
  if (!p.$ref) return p
  const name = p.$ref.replace('#/components/parameters/', '')
  const found = spec().components.parameters[name]
  if (!found) throw new Error(`unresolvable parameter ${p.$ref}`)
  return found
}

function resolveResponse(r: Response): Response {
  if (!r.$ref) return r
  const found = spec().components.responses[r.$ref.replace('#/components/responses/', '')]
  if (!found) throw new Error(`unresolvable response ${r.$ref}`)
  return found
}

/** The operation a method and path name, with its path parameters decoded. */
export function findOperation(method: string, path: string): OperationMatch | undefined {
  const m = method.toLowerCase()
  for (const route of allRoutes()) {
    const op = route.operations[m]
    if (!op) continue
    const hit = route.regex.exec(path)
    if (!hit) continue
    const params = Object.fromEntries(route.names.map((name, i) => [name, safeDecode(hit[i + 1]!)]))
    return { operationId: op.operationId, method: m, template: route.template, params }
  }
  return undefined
}

function operationOf(match: OperationMatch): Operation {
  return spec().paths[match.template]![match.method]!
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s)
  } catch {
    return s
  }
}

// --- OpenAPI 3.0 schema → JSON Schema (draft-07, Ajv's default dialect) -------
//
// OpenAPI 3.0's Schema Object is not JSON Schema: `nullable: true` adds null to
// the allowed values (and to an enum), `readOnly` properties are not sent in
// requests, and `example`, `discriminator`, `deprecated`, `x-*` are annotations.

type Direction = 'request' | 'response'

const JSON_SCHEMA_KEYS = new Set([
  'type',
  'format',
  'enum',
  'const',
  'properties',
  'required',
  'items',
  'additionalProperties',
  'patternProperties',
  'allOf',
  'anyOf',
  'oneOf',
  'not',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'minLength',
  'maxLength',
  'pattern',
  'minItems',
  'maxItems',
  'uniqueItems',
  'minProperties',
  'maxProperties',
  'default',
  'title',
  'description',
  '$ref',
])

const COMPONENT_REF = '#/components/schemas/'
const componentId = (name: string, direction: Direction): string => `https://openapi.github.test/${direction}/${encodeURIComponent(name)}`

function convert(schema: unknown, direction: Direction, refs: Set<string>): unknown {
  if (Array.isArray(schema)) return schema.map((s) => convert(s, direction, refs))
  if (schema === null || typeof schema !== 'object') return schema
  const s = schema as Schema
  const out: Schema = {}
  for (const [key, value] of Object.entries(s)) {
    if (!JSON_SCHEMA_KEYS.has(key)) continue
    if (key === '$ref') {
      const ref = String(value)
      if (!ref.startsWith(COMPONENT_REF)) throw new Error(`unsupported $ref ${ref}`)
      const name = ref.slice(COMPONENT_REF.length)
      refs.add(name)
      out.$ref = componentId(name, direction)
    } else if (key === 'properties' || key === 'patternProperties') {
      out[key] = Object.fromEntries(Object.entries(value as Schema).map(([k, v]) => [k, convert(v, direction, refs)]))
    } else if (
      key === 'items' ||
      key === 'additionalProperties' ||
      key === 'not' ||
      key === 'allOf' ||
      key === 'anyOf' ||
      key === 'oneOf'
    ) {
      out[key] = convert(value, direction, refs)
    } else {
      out[key] = value
    }
  }
  if (direction === 'request' && Array.isArray(out.required) && s.properties) {
    const props = s.properties as Record<string, Schema>
    out.required = (out.required as string[]).filter((name) => props[name]?.readOnly !== true)
  }
  if (s.nullable !== true) return out
  if (typeof out.type === 'string') {
    out.type = [out.type, 'null']
    if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...(out.enum as unknown[]), null]
    return out
  }
  const constrained = Object.keys(out).some((k) => k !== 'title' && k !== 'description' && k !== 'default')
  return constrained ? { anyOf: [{ type: 'null' }, out] } : out
}

// --- Validators -----------------------------------------------------------

let ajv: Ajv | undefined
const added = new Set<string>()

function validatorEngine(): Ajv {
  if (ajv) return ajv
  // strictTypes/strictRequired off: GitHub's schemas list `required` names and
  // `properties` without always repeating `type: object`.
  ajv = new Ajv({ allErrors: true, strict: true, strictTypes: false, strictRequired: false, strictTuples: false })
  formats.default(ajv)
  // Formats GitHub's description uses that JSON Schema does not define.
  ajv.addFormat('repo.nwo', /^[\w.-]+\/[\w.-]+$/)
  ajv.addFormat('timestamp', true)
  return ajv
}

/** Registers a component (and those it refers to) with Ajv; compiled only when an operation needs it. */
function ensureComponent(name: string, direction: Direction): void {
  const id = componentId(name, direction)
  if (added.has(id)) return
  added.add(id)
  const source = spec().components.schemas[name]
  if (!source) throw new Error(`unknown component schema ${name}`)
  const refs = new Set<string>()
  const converted = convert(source, direction, refs) as Schema
  validatorEngine().addSchema({ ...converted, $id: id })
  for (const ref of refs) ensureComponent(ref, direction)
}

function compile(schema: Schema, direction: Direction): ValidateFunction {
  const refs = new Set<string>()
  const converted = convert(schema, direction, refs) as Schema
  for (const ref of refs) ensureComponent(ref, direction)
  return validatorEngine().compile(converted)
}

const cache = new Map<string, ValidateFunction | null>()
function cached(key: string, make: () => ValidateFunction | null): ValidateFunction | null {
  let v = cache.get(key)
  if (v === undefined) {
    v = make()
    cache.set(key, v)
  }
  return v
}

function describeErrors(errors: readonly ErrorObject[] | null | undefined, max = 6): string {
  const list = (errors ?? []).filter((e) => e.keyword !== 'if')
  // anyOf/oneOf report every branch's failure; the leaf errors say more.
  const leaves = list.filter((e) => e.keyword !== 'anyOf' && e.keyword !== 'oneOf')
  const shown = (leaves.length > 0 ? leaves : list).slice(0, max).map((e) => {
    const at = e.instancePath || '(root)'
    const extra =
      e.keyword === 'additionalProperties'
        ? ` (${String((e.params as { additionalProperty?: string }).additionalProperty)})`
        : e.keyword === 'enum'
          ? ` (${JSON.stringify((e.params as { allowedValues?: unknown }).allowedValues)})`
          : ''
    return `${at} ${e.message ?? e.keyword}${extra}`
  })
  const more = list.length - shown.length
  return shown.join('; ') + (more > 0 ? ` (+${more} more)` : '')
}

// --- Requests ---------------------------------------------------------------

/** A query or path value as the schema's type (query strings are all text). */
function coerce(value: string, schema: Schema | undefined): unknown {
  const type = schema?.type
  if ((type === 'integer' || type === 'number') && /^-?\d+(\.\d+)?$/.test(value)) return Number(value)
  if (type === 'boolean' && (value === 'true' || value === 'false')) return value === 'true'
  if (type === 'array') return value.split(',')
  return value
}

function queryOf(req: ApiRequest): URLSearchParams {
  if (req.query instanceof URLSearchParams) return req.query
  return new URLSearchParams(req.query ?? '')
}

function header(req: ApiRequest, name: string): string {
  const v = req.headers?.[name]
  return Array.isArray(v) ? v.join(', ') : (v ?? '')
}

export interface RequestCheck {
  readonly operation?: OperationMatch
  readonly violations: string[]
  /**
   * How GitHub refuses such a request: 404 when no operation matches, 400
   * "Problems parsing JSON", 422 "Validation Failed" for a body or parameter
   * that breaks the schema. Unknown query parameters are ignored by GitHub:
   * they are violations here but not refused.
   */
  readonly reject?: { readonly status: number; readonly message: string; readonly errors: readonly string[] }
}

const validationFailed = (errors: string[]): RequestCheck['reject'] =>
  errors.length > 0 ? { status: 422, message: 'Validation Failed', errors } : undefined

const isGraphql = (req: ApiRequest): boolean => req.path === '/graphql' || req.path === '/api/graphql'

/** Checks a request against its operation: path and query parameters, and the JSON body. */
export function checkRequest(req: ApiRequest): RequestCheck {
  if (isGraphql(req)) return checkGraphqlRequest(req)
  const operation = findOperation(req.method, req.path)
  const label = `${req.method} ${req.path}`
  if (!operation) {
    const v = `${label}: no operation in GitHub's REST description`
    return { violations: [v], reject: { status: 404, message: 'Not Found', errors: [v] } }
  }
  const op = operationOf(operation)
  const id = operation.operationId
  const violations: string[] = []
  const invalid: string[] = []
  const params = (op.parameters ?? []).map(resolveParameter)

  for (const p of params.filter((p) => p.in === 'path')) {
    const value = operation.params[p.name]
    if (value === undefined || value === '') {
      invalid.push(`${id}: path parameter ${p.name} is missing`)
      continue
    }
    const check = cached(`${id}:path:${p.name}`, () => (p.schema ? compile(p.schema, 'request') : null))
    if (check && !check(coerce(value, p.schema))) invalid.push(`${id}: path parameter ${p.name}=${value}: ${describeErrors(check.errors)}`)
  }

  const query = queryOf(req)
  const known = new Map(params.filter((p) => p.in === 'query').map((p) => [p.name, p]))
  for (const name of new Set(query.keys())) {
    const p = known.get(name)
    if (!p) {
      violations.push(`${id}: unknown query parameter ${name}`)
      continue
    }
    const values = query.getAll(name)
    if (values.length > 1 && p.schema?.type !== 'array') violations.push(`${id}: query parameter ${name} given ${values.length} times`)
    const check = cached(`${id}:query:${name}`, () => (p.schema ? compile(p.schema, 'request') : null))
    const value = values[0]!
    if (check && !check(coerce(value, p.schema))) invalid.push(`${id}: query parameter ${name}=${value}: ${describeErrors(check.errors)}`)
  }
  for (const p of known.values()) if (p.required && !query.has(p.name)) invalid.push(`${id}: required query parameter ${p.name} is missing`)

  const body = checkRequestBody(req, operation, op)
  const reject = body.notJson
    ? { status: 400, message: 'Problems parsing JSON', errors: body.violations }
    : validationFailed([...invalid, ...body.violations])
  return { operation, violations: [...violations, ...invalid, ...body.violations], ...(reject ? { reject } : {}) }
}

function checkRequestBody(req: ApiRequest, operation: OperationMatch, op: Operation): { violations: string[]; notJson?: boolean } {
  const id = operation.operationId
  const raw = req.body ?? ''
  const declared = op.requestBody
  if (!declared) return { violations: raw.trim() === '' ? [] : [`${id}: a request body was sent; the operation takes none`] }
  if (raw.trim() === '') return { violations: declared.required ? [`${id}: the request body is required`] : [] }
  const media = declared.content?.['application/json']
  if (!media?.schema) return { violations: [] } // form or binary uploads: not used by the action
  const type = header(req, 'content-type')
  const violations: string[] = []
  if (type !== '' && !/^application\/json\b/.test(type)) violations.push(`${id}: request content-type ${type}, expected application/json`)
  let body: unknown
  try {
    body = JSON.parse(raw)
  } catch {
    return { violations: [...violations, `${id}: the request body is not JSON`], notJson: true }
  }
  const check = cached(`${id}:body`, () => compile(media.schema!, 'request'))!
  if (!check(body)) violations.push(`${id} request body: ${describeErrors(check.errors)}`)
  return { violations }
}

function checkGraphqlRequest(req: ApiRequest): RequestCheck {
  const refuse = (status: number, message: string, violations: string[]): RequestCheck => ({
    violations,
    reject: { status, message, errors: violations },
  })
  if (req.method !== 'POST') return refuse(404, 'Not Found', [`graphql: ${req.method}; GitHub's GraphQL endpoint takes POST`])
  let body: unknown
  try {
    body = JSON.parse(req.body ?? '')
  } catch {
    return refuse(400, 'Problems parsing JSON', ['graphql: the request body is not JSON'])
  }
  const b = body as { query?: unknown; variables?: unknown; operationName?: unknown } | null
  if (typeof b !== 'object' || b === null || Array.isArray(b))
    return refuse(400, 'Problems parsing JSON', ['graphql: the body is not a JSON object'])
  const violations: string[] = []
  if (typeof b.query !== 'string' || b.query.trim() === '') violations.push('graphql: `query` must be a non-empty string')
  if (b.variables !== undefined && b.variables !== null && (typeof b.variables !== 'object' || Array.isArray(b.variables)))
    violations.push('graphql: `variables` must be an object')
  if (b.operationName !== undefined && b.operationName !== null && typeof b.operationName !== 'string')
    violations.push('graphql: `operationName` must be a string')
  for (const key of Object.keys(b))
    if (!['query', 'variables', 'operationName'].includes(key)) violations.push(`graphql: unknown key ${key}`)
  // GitHub answers a malformed GraphQL request with 400 and a message.
  return violations.length > 0 ? refuse(400, 'A query attribute must be specified and must be a string.', violations) : { violations }
}

// --- Answers ----------------------------------------------------------------

const isJsonType = (type: string): boolean => type === '' || /^application\/(?:[\w.+-]+\+)?json\b/.test(type)

/**
 * Checks an answer against the response the operation declares for its
 * status. Undeclared success statuses are violations. GitHub's description
 * leaves out errors any endpoint can give (401, 403 rate limits, 404, 422,
 * 5xx), so an undeclared 4xx/5xx only has to be GitHub's error shape.
 */
export function checkResponse(req: ApiRequest, answer: ApiAnswer): string[] {
  if (isGraphql(req)) return checkGraphqlResponse(answer)
  const operation = findOperation(req.method, req.path)
  if (!operation) return []
  const op = operationOf(operation)
  const id = operation.operationId
  const type = (answer.contentType ?? '').split(';')[0]!.trim().toLowerCase()
  const declared = op.responses[String(answer.status)] ?? op.responses.default
  if (!declared) {
    if (answer.status < 400) return [`${id}: status ${answer.status} is not declared (declared: ${Object.keys(op.responses).join(', ')})`]
    if (!isJsonType(type)) return [`${id}: error status ${answer.status} answered as ${type}, GitHub answers errors in JSON`]
    const name = answer.status === 422 ? 'validation-error' : 'basic-error'
    const check = cached(`error:${name}`, () => compile({ $ref: `${COMPONENT_REF}${name}` }, 'response'))!
    return check(answer.body) ? [] : [`${id} ${answer.status} (${name}): ${describeErrors(check.errors)}`]
  }
  const response = resolveResponse(declared)
  const content = response.content ?? {}
  if (Object.keys(content).length === 0) {
    const empty = answer.body === undefined || answer.body === ''
    return empty ? [] : [`${id}: status ${answer.status} has no body in GitHub's description, the answer has one`]
  }
  // Diff, patch and raw media types are text; only their status is checked.
  if (!isJsonType(type)) return []
  const media = Object.entries(content).find(([t]) => isJsonType(t))
  if (!media) return [`${id}: status ${answer.status} declares ${Object.keys(content).join(', ')}, the answer is JSON`]
  const schema = media[1].schema
  if (!schema) return []
  const check = cached(`${id}:${answer.status}:${media[0]}`, () => compile(schema, 'response'))!
  return check(answer.body) ? [] : [`${id} ${answer.status} response: ${describeErrors(check.errors)}`]
}

function checkGraphqlResponse(answer: ApiAnswer): string[] {
  if (answer.status !== 200 && answer.status < 400) return [`graphql: status ${answer.status}`]
  const b = answer.body as { data?: unknown; errors?: unknown; message?: unknown } | null
  if (typeof b !== 'object' || b === null) return ['graphql: the answer is not a JSON object']
  if (answer.status >= 400) return typeof b.message === 'string' ? [] : ['graphql: an error answer needs a message']
  if (b.data === undefined && b.errors === undefined) return ['graphql: the answer has neither data nor errors']
  if (b.errors !== undefined && !Array.isArray(b.errors)) return ['graphql: errors must be an array']
  return []
}

/** Request and answer violations together, for fakes and soak harnesses. */
export function checkAgainstOpenApi(req: ApiRequest, status: number, body: unknown, contentType?: string): string[] {
  return [...checkRequest(req).violations, ...checkResponse(req, { status, body, ...(contentType === undefined ? {} : { contentType }) })]
}

/** A component schema's validator, for unit checks of hand-built objects. */
export function schemaViolations(component: string, value: unknown): string[] {
  const check = cached(`component:${component}`, () => compile({ $ref: `${COMPONENT_REF}${component}` }, 'response'))!
  return check(value) ? [] : [`${component}: ${describeErrors(check.errors)}`]
}
