/**
 * Proxmox "property strings": `key=value,key=value`, where one key (default_key) may be written
 * bare, e.g. `local-lvm:8,size=8G` or `name=eth0,bridge=vmbr0,ip=dhcp`.
 */
export function parsePropertyString(value: string, defaultKey?: string): Record<string, string> {
  const result: Record<string, string> = {};
  for (const part of value.split(',')) {
    if (part === '') continue;
    const equals = part.indexOf('=');
    if (equals === -1) {
      if (!defaultKey) throw new Error(`value without key: '${part}'`);
      if (defaultKey in result)
        throw new Error(`duplicate key in comma-separated list property: ${defaultKey}`);
      result[defaultKey] = part;
      continue;
    }
    const key = part.slice(0, equals);
    if (key in result) throw new Error(`duplicate key in comma-separated list property: ${key}`);
    result[key] = part.slice(equals + 1);
  }
  return result;
}

export function formatPropertyString(
  values: Record<string, string | number | boolean | undefined>,
  defaultKey?: string,
): string {
  const parts: string[] = [];
  if (defaultKey && values[defaultKey] !== undefined) parts.push(String(values[defaultKey]));
  for (const [key, value] of Object.entries(values)) {
    if (key === defaultKey || value === undefined) continue;
    parts.push(`${key}=${typeof value === 'boolean' ? (value ? 1 : 0) : value}`);
  }
  return parts.join(',');
}
