/** The parts of the OpenAPI document (GET /api/docs-json) the robustness suites read. */
export interface JsonSchema {
  type?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  $ref?: string;
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  allOf?: JsonSchema[];
  format?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  nullable?: boolean;
  default?: unknown;
  example?: unknown;
}

export interface OpenApiParameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: JsonSchema;
}

export interface OpenApiOperation {
  operationId?: string;
  parameters?: OpenApiParameter[];
  requestBody?: { required?: boolean; content: Record<string, { schema?: JsonSchema }> };
  security?: unknown[];
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation>>;
  components?: { schemas?: Record<string, JsonSchema> };
}

/** One operation of the API, keyed `METHOD /path` with `{param}` placeholders as in Swagger. */
export interface RouteOperation {
  key: string;
  method: string;
  path: string;
  operation: OpenApiOperation;
}

const METHODS = new Set(['get', 'post', 'put', 'patch', 'delete']);

export async function fetchOpenApi(baseUrl: string): Promise<OpenApiDocument> {
  const response = await fetch(`${baseUrl}/api/docs-json`);
  if (!response.ok) throw new Error(`GET /api/docs-json answered ${response.status}`);
  return (await response.json()) as OpenApiDocument;
}

export function listOperations(doc: OpenApiDocument): RouteOperation[] {
  return Object.entries(doc.paths).flatMap(([path, operations]) =>
    Object.entries(operations)
      .filter(([method]) => METHODS.has(method))
      .map(([method, operation]) => ({
        key: `${method.toUpperCase()} ${path}`,
        method: method.toUpperCase(),
        path,
        operation,
      })),
  );
}

/** Follows `$ref`s into components.schemas (one level at a time, as often as needed). */
export function resolveSchema(doc: OpenApiDocument, schema: JsonSchema | undefined): JsonSchema {
  let current = schema ?? {};
  for (let depth = 0; current.$ref && depth < 20; depth++) {
    const name = current.$ref.replace('#/components/schemas/', '');
    current = doc.components?.schemas?.[name] ?? {};
  }
  return current;
}

/** `/api/server/{id}` with `{ id: 5 }` → `/api/server/5`; values are URL-encoded unless raw. */
export function fillPath(
  path: string,
  params: Record<string, string | number>,
  options: { raw?: boolean } = {},
): string {
  return path.replace(/\{(\w+)\}/g, (_match, name: string) => {
    if (!(name in params)) throw new Error(`no value for path parameter ${name} of ${path}`);
    const value = String(params[name]);
    return options.raw ? value : encodeURIComponent(value);
  });
}

export interface RouteCoverage {
  /** In Swagger, but the table has no row for it. */
  withoutRow: string[];
  /** In the table, but not in Swagger (and not announced as coming soon). */
  withoutRoute: string[];
  /** Announced rows whose route has not landed yet. */
  pending: string[];
}

/** Compares the routes Swagger lists with the rows of a test table. */
export function compareRoutes(
  routeKeys: readonly string[],
  rowKeys: readonly string[],
  expectedSoon: ReadonlySet<string> = new Set(),
): RouteCoverage {
  const routes = new Set(routeKeys);
  const rows = new Set(rowKeys);
  return {
    withoutRow: routeKeys.filter((key) => !rows.has(key)),
    withoutRoute: rowKeys.filter((key) => !routes.has(key) && !expectedSoon.has(key)),
    pending: rowKeys.filter((key) => !routes.has(key) && expectedSoon.has(key)),
  };
}
