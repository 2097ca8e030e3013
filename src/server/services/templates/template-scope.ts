/** Template.scope of platform defaults; a lab override's scope is its labId (ids never equal this). */
export const PLATFORM_SCOPE = "platform";

export function scopeOf(labId: string | null): string {
  return labId ?? PLATFORM_SCOPE;
}
