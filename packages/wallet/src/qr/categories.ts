/**
 * Merchant categories (ISO 18245) a shop picks from when it registers, and their names for
 * payers. A code may carry any four digits; those not listed here are shown by number.
 */
export const SHOP_CATEGORIES: readonly { readonly mcc: string; readonly name: string }[] = [
  { mcc: "5812", name: "Restaurant" },
  { mcc: "5814", name: "Fast food" },
  { mcc: "5411", name: "Grocery" },
  { mcc: "5499", name: "Food shop" },
  { mcc: "5999", name: "Shop" },
  { mcc: "4121", name: "Taxi" },
];

export function categoryName(mcc: string): string {
  return SHOP_CATEGORIES.find((c) => c.mcc === mcc)?.name ?? `category ${mcc}`;
}
