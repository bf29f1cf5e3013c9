/**
 * Routes live in the URL's hash (#/consumer, #/merchant, #/explorer/tx/<hash>…): the gateway
 * serves one page, a reload keeps the view, and two tabs can show two roles at once.
 */
export const ROLES = ["consumer", "merchant", "explorer"] as const;
export type Role = (typeof ROLES)[number];

export interface Route {
  readonly role: Role;
  /** What follows the role, e.g. ["tx", "<hash>"]; decoded, never empty strings. */
  readonly path: readonly string[];
}

export const DEFAULT_ROUTE: Route = { role: "consumer", path: [] };

function isRole(value: string | undefined): value is Role {
  return (ROLES as readonly string[]).includes(value ?? "");
}

/** Reads a location hash such as "#/explorer/tx/ab12"; anything unknown is the default route. */
export function parseRoute(hash: string): Route {
  const parts = hash
    .replace(/^#\/?/, "")
    .split("/")
    .filter((part) => part !== "")
    .map((part) => {
      try {
        return decodeURIComponent(part);
      } catch {
        return part;
      }
    });
  const [role, ...path] = parts;
  return isRole(role) ? { role, path } : DEFAULT_ROUTE;
}

/** The hash of a route, for links: href("explorer", "tx", hash) → "#/explorer/tx/<hash>". */
export function href(role: Role, ...path: readonly (string | number)[]): string {
  return `#/${[role, ...path.map((part) => encodeURIComponent(String(part)))].join("/")}`;
}
