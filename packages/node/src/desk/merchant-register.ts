/**
 * What an institution knows of its merchants: the name, city and category (and optionally the
 * name in another language) that it puts into the QR codes it signs for them, so a payer's wallet
 * can show that name as verified by the institution. The ledger knows accounts, not names; this
 * is the institution's record, kept by its desk.
 *
 * Profiles come from a JSON file — the institution's own list (the devnet writes its demo
 * merchants there) — and from merchants registering at the desk, which the register writes back
 * to the same file (whole, through a temporary file and a rename, so a crash leaves the old or the
 * new file, never half of one). Without a file the register lives in memory (tests).
 *
 *   { "version": 1, "merchants": [ { "account": "5f1e…", "name": "TEA HOUSE", "city": "HONG KONG",
 *     "mcc": "5812", "alternateLanguage": { "language": "ZH", "name": "茶館" } } ] }
 */
import { readFile, rename, writeFile } from "node:fs/promises";
import type { MerchantProfileView } from "@tongbao/api";
import { buildTongbaoCode } from "@tongbao/emvqr";
import { assert } from "@tongbao/std";

/** Merchants one desk keeps: far more than a devnet has; a bank's real list lives in its systems. */
export const MERCHANTS_REGISTERED_MAX = 10_000;

export const MERCHANT_REGISTER_VERSION = 1;

/** One merchant as the institution knows it (docs/spec/api.md, "Merchants and their QR codes"). */
export interface MerchantProfile {
  readonly account: string;
  readonly name: string;
  readonly city: string;
  readonly mcc: string;
  readonly alternateLanguage?: {
    readonly language: string;
    readonly name: string;
    readonly city?: string;
  };
  /** When the merchant last registered it at the desk; absent for the institution's own list. */
  readonly updatedAt?: string;
}

/** A probe account for checking that a profile makes a valid code (any 20 bytes would do). */
const PROBE_ACCOUNT = "00".repeat(20);

/**
 * Why a profile would not make a valid strict EMV code, or undefined. The encoder is the judge,
 * so what the register accepts is exactly what a code can carry.
 */
export function merchantProfileProblem(profile: MerchantProfile): string | undefined {
  const { account, name, city, mcc, alternateLanguage } = profile;
  if (typeof account !== "string" || !/^[0-9a-f]{40}$/.test(account)) {
    return `account: ${JSON.stringify(account)} is not 40 lower-case hex digits`;
  }
  for (const [field, value] of [
    ["name", name],
    ["city", city],
    ["alternateLanguage.name", alternateLanguage?.name],
    ["alternateLanguage.city", alternateLanguage?.city],
  ] as const) {
    if (value !== undefined && (typeof value !== "string" || value.trim() !== value)) {
      return `${field}: expected text without spaces at either end`;
    }
  }
  const built = buildTongbaoCode({
    account: PROBE_ACCOUNT,
    institution: "probe",
    merchantName: name,
    city,
    mcc,
    currency: "HKD",
    ...(alternateLanguage === undefined ? {} : { alternateLanguage }),
  });
  return built.ok ? undefined : built.error.message;
}

export function merchantProfileView(
  profile: MerchantProfile,
  institution: string,
): MerchantProfileView {
  return {
    account: profile.account,
    institution,
    name: profile.name,
    city: profile.city,
    mcc: profile.mcc,
    ...(profile.alternateLanguage === undefined
      ? {}
      : { alternateLanguage: { ...profile.alternateLanguage } }),
    ...(profile.updatedAt === undefined ? {} : { updatedAt: profile.updatedAt }),
  };
}

/** @throws RangeError naming the file and the entry for anything but a valid register. */
export function parseMerchantRegister(text: string, file: string): MerchantProfile[] {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new RangeError(`merchant register ${file} is not JSON: ${(error as Error).message}`);
  }
  const { version, merchants } = (document ?? {}) as { version?: unknown; merchants?: unknown };
  if (version !== MERCHANT_REGISTER_VERSION || !Array.isArray(merchants)) {
    throw new RangeError(
      `merchant register ${file}: expected {"version": ${MERCHANT_REGISTER_VERSION}, "merchants": [...]}`,
    );
  }
  if (merchants.length > MERCHANTS_REGISTERED_MAX) {
    throw new RangeError(
      `merchant register ${file}: ${merchants.length} merchants, more than ${MERCHANTS_REGISTERED_MAX}`,
    );
  }
  const seen = new Set<string>();
  return merchants.map((entry: unknown, i) => {
    const e = (entry ?? {}) as Record<string, unknown>;
    const alternate = e["alternateLanguage"] as MerchantProfile["alternateLanguage"];
    const profile: MerchantProfile = {
      account: e["account"] as string,
      name: e["name"] as string,
      city: e["city"] as string,
      mcc: e["mcc"] as string,
      ...(alternate === undefined ? {} : { alternateLanguage: alternate }),
      ...(typeof e["updatedAt"] === "string" ? { updatedAt: e["updatedAt"] } : {}),
    };
    const problem = merchantProfileProblem(profile);
    if (problem !== undefined) {
      throw new RangeError(`merchant register ${file}: merchants[${i}]: ${problem}`);
    }
    if (seen.has(profile.account)) {
      throw new RangeError(
        `merchant register ${file}: merchants[${i}]: account ${profile.account} is listed twice`,
      );
    }
    seen.add(profile.account);
    return profile;
  });
}

/** Writes a register file whole (a temporary file renamed over it). */
export async function saveMerchantRegister(
  file: string,
  profiles: readonly MerchantProfile[],
): Promise<void> {
  const text =
    JSON.stringify({ version: MERCHANT_REGISTER_VERSION, merchants: profiles }, null, 2) + "\n";
  const temporary = `${file}.tmp`;
  await writeFile(temporary, text, { mode: 0o600 });
  await rename(temporary, file);
}

export class MerchantRegister {
  /** Writes in the order they were asked for: each waits for the one before it. */
  private writing: Promise<void> = Promise.resolve();

  private constructor(
    private readonly file: string | undefined,
    private readonly profiles: Map<string, MerchantProfile>,
  ) {}

  /** The register kept in `file` (missing: empty, created on the first registration). */
  static async open(file: string): Promise<MerchantRegister> {
    let text: string | undefined;
    try {
      text = await readFile(file, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") {
        throw new RangeError(
          `merchant register ${file} cannot be read: ${(error as Error).message}`,
        );
      }
    }
    const profiles = text === undefined ? [] : parseMerchantRegister(text, file);
    return new MerchantRegister(file, new Map(profiles.map((p) => [p.account, p])));
  }

  /** A register that is never written anywhere. @throws RangeError for an invalid profile. */
  static inMemory(profiles: readonly MerchantProfile[] = []): MerchantRegister {
    for (const profile of profiles) {
      const problem = merchantProfileProblem(profile);
      if (problem !== undefined) throw new RangeError(`merchant ${profile.account}: ${problem}`);
    }
    return new MerchantRegister(undefined, new Map(profiles.map((p) => [p.account, p])));
  }

  get size(): number {
    return this.profiles.size;
  }

  get(account: string): MerchantProfile | undefined {
    return this.profiles.get(account);
  }

  /** Whether one more merchant (not yet in the register) fits. */
  hasRoomFor(account: string): boolean {
    return this.profiles.has(account) || this.profiles.size < MERCHANTS_REGISTERED_MAX;
  }

  /**
   * Records a profile (new, or replacing the account's) and, with a file, resolves once the file
   * holds it. The caller has checked `hasRoomFor` and the profile.
   */
  async put(profile: MerchantProfile): Promise<void> {
    assert(merchantProfileProblem(profile) === undefined, "a registered profile makes a code");
    assert(this.hasRoomFor(profile.account), "the register has room");
    const previous = this.profiles.get(profile.account);
    this.profiles.set(profile.account, profile);
    const file = this.file;
    if (file === undefined) return;
    const snapshot = [...this.profiles.values()];
    const write = this.writing.then(() => saveMerchantRegister(file, snapshot));
    // A failed write must not block the next; its caller hears of it.
    this.writing = write.catch(() => undefined);
    try {
      await write;
    } catch (error) {
      // What the file does not hold is not registered: the merchant is told and may retry.
      if (this.profiles.get(profile.account) === profile) {
        if (previous === undefined) this.profiles.delete(profile.account);
        else this.profiles.set(profile.account, previous);
      }
      throw error;
    }
  }
}
