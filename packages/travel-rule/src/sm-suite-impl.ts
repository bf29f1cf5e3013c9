/** The SM suite's code, loaded by suites.ts on first use (see loadSm there). */
export { isSm2PublicKey, sm2TravelRulePublicKey } from "./sm2-keys.ts";
export { unwrapContentKeySm, wrapContentKeySm } from "./sm-wrap.ts";
export { sm4GcmDecrypt, sm4GcmEncrypt } from "./sm4-gcm.ts";
