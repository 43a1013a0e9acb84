import * as kubernetes from "@kubernetes/client-node";

interface Attribute {
  baseName: string;
  type: string;
}

interface ModelClass {
  getAttributeTypeMap(): Attribute[];
}

// Types that hold a value or a free-form object, whose content the API server does not check by name.
const LEAF_TYPES = new Set(["string", "number", "boolean", "Date", "any", "object", "IntOrString"]);

/**
 * Lists the fields of `value` that the Kubernetes type `typeName` does not have, as dotted paths.
 * The API server rejects them under strict field validation (kubectl's default since 1.27), while
 * the JSON schemas of the API allow any extra property. The field lists come from the models of
 * @kubernetes/client-node, which are generated from the Kubernetes OpenAPI document.
 */
export function findUnknownFields(value: unknown, typeName: string, path = ""): string[] {
  if (value === null || value === undefined || LEAF_TYPES.has(typeName)) return [];

  const arrayItem = /^Array<(.+)>$/.exec(typeName);
  if (arrayItem) {
    if (!Array.isArray(value)) return [];
    return value.flatMap((item, index) => findUnknownFields(item, arrayItem[1], `${path}[${index}]`));
  }

  const mapValue = /^\{ \[key: string\]: (.+); \}$/.exec(typeName);
  if (mapValue) {
    if (typeof value !== "object") return [];
    return Object.entries(value).flatMap(([key, item]) => findUnknownFields(item, mapValue[1], `${path}.${key}`));
  }

  const model = (kubernetes as unknown as Record<string, ModelClass | undefined>)[typeName];
  if (!model || typeof model.getAttributeTypeMap !== "function") {
    throw new Error(`@kubernetes/client-node has no model named ${typeName} (at ${path || "the top"})`);
  }
  if (typeof value !== "object" || Array.isArray(value)) return [];

  const attributes = new Map(model.getAttributeTypeMap().map((attribute) => [attribute.baseName, attribute.type]));
  return Object.entries(value).flatMap(([key, item]) => {
    const fieldPath = path ? `${path}.${key}` : key;
    const fieldType = attributes.get(key);
    if (fieldType === undefined) return [fieldPath];
    return findUnknownFields(item, fieldType, fieldPath);
  });
}

/** Names the client-node model of a top-level object, such as V1Deployment for apps/v1 Deployment. */
export function modelTypeOf(apiVersion: string, kind: string): string {
  const version = apiVersion.split("/").pop() ?? apiVersion;
  return `${version.charAt(0).toUpperCase()}${version.slice(1)}${kind}`;
}
