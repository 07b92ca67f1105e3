import type { DescEnum } from "@bufbuild/protobuf";

/**
 * The proto name of an enum value, or its number as text when the value is not
 * in the enum (what Go's generated `String()` prints for an unknown value).
 * Generated enums are `as const` objects without a reverse map, hence this.
 */
export function enumName(schema: DescEnum, value: number): string {
  return schema.value[value]?.name ?? String(value);
}
