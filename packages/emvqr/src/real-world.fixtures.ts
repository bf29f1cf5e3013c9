/**
 * Payment codes as real schemes write them, each with where it came from. Two kinds only:
 *
 * - found: copied unchanged from a public specification or a public repository's tests or
 *   documentation (placeholder merchants only; no code of a real person is used);
 * - constructed: built here with fictitious merchant data following the layout a scheme
 *   publishes (or that its public codes show), with the CRC computed by an implementation
 *   other than ours (Python's binascii.crc_hqx with initial value 0xFFFF, which is
 *   CRC-16/CCITT-FALSE).
 *
 * `strict` and `lenient` say what each mode must do: "ok", or the refusal's message pattern.
 * `warnings` are patterns the lenient decoder must report.
 */

export interface RealWorldCode {
  readonly scheme: string;
  readonly payload: string;
  readonly source: string;
  readonly strict: "ok" | RegExp;
  readonly lenient: "ok" | RegExp;
  readonly warnings?: readonly RegExp[];
}

export const REAL_WORLD_MPM: readonly RealWorldCode[] = [
  {
    scheme: "EMVCo (UnionPay-style templates, alternate language)",
    payload:
      "00020101021229300012D156000000000510A93FO3230Q31280012D15600000001030812345678520441115802CN5914BEST TRANSPORT6007BEIJING64200002ZH0104最佳运输0202北京540523.7253031565502016233030412340603***0708A60086670902ME91320016A0112233449988770708123456786304A13A",
    source: "found: EMV QRCPS Merchant-Presented Mode v1.1, Annex B",
    strict: "ok",
    lenient: "ok",
  },
  {
    scheme: "SGQR / PayNow (UEN, fixed amount, bill number)",
    payload:
      "00020101021226400009SG.PAYNOW010120213200002150HWCF0301052040000530370254031005802SG5914company_1_data6009Singapore62170113INV/TEST/0001630416C8",
    source: "found: odoo/odoo, addons/l10n_sg/tests/test_l10n_sg_emv_qr.py (test_emv_qr_vals)",
    strict: "ok",
    lenient: "ok",
  },
  {
    scheme: "SGQR consolidated (PayNow in 26, SGQR identity in 51)",
    payload:
      "00020101021126370009SG.PAYNOW010120210201900001K0301051810007SG.SGQR0112200101ABCDEF020701.000103060189560402010503123060400000708202001015204581253037025802SG5911KOPI CONTOH6009SINGAPORE63048CBB",
    source:
      "constructed: the SGQR layout (26 SG.PAYNOW with proxy type, UEN and editable flag; 51 SG.SGQR with SGQR id, version, postal code, level, unit, misc, date) with a fictitious merchant",
    strict: "ok",
    lenient: "ok",
  },
  {
    scheme: "PromptPay (peer-to-peer, phone number)",
    payload: "00020101021129370016A000000677010111011300668012345675802TH530376463046197",
    source: "found: dtinth/promptpay-qr, index.test.js ('Local phone number')",
    strict: /^root 52 \(merchant category code\): is missing/,
    lenient: "ok",
    warnings: [/^root 52 /, /^root 59 /, /^root 60 /],
  },
  {
    scheme: "PromptPay (dynamic, with amount)",
    payload: "00020101021229370016A000000677010111011300660000000005802TH530376454044.226304E469",
    source: "found: dtinth/promptpay-qr, index.test.js ('Amount')",
    strict: /^root 52 /,
    lenient: "ok",
    warnings: [/^root 52 /, /^root 59 /, /^root 60 /],
  },
  {
    scheme: "PromptPay (merchant invoice)",
    payload:
      "00020101021229370016A0000006770101110113006681070406052040000530376454031005802TH5914company_1_data6008Thailand63048B76",
    source: "found: odoo/odoo, addons/l10n_th/tests/test_l10n_th_emv_qr.py (test_emv_qr_vals)",
    strict: "ok",
    lenient: "ok",
  },
  {
    scheme: "Pix (static, random key)",
    payload:
      "00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***63041D3D",
    source:
      "found: Banco Central do Brasil, Manual de Padrões para Iniciação do Pix (the example quoted by many public Pix test suites)",
    strict: "ok",
    lenient: "ok",
  },
  {
    scheme: "Pix (edited by hand, CRC not recomputed)",
    payload:
      "00020101021226580014br.gov.bcb.pix2536123e4567-e12b-12d1-a456-426614174000520400005303986540510.005802BR5913FULANO DE TAL6008BRASILIA62070503***63041D3D",
    source:
      "found: nurycaroline/dev-juice, test-pix-decoder.js (the manual's CRC kept after edits)",
    strict: /^root 63 \(CRC\): 1D3D does not match the payload, whose CRC is 950D/,
    lenient: /^root 63 \(CRC\): 1D3D does not match/,
  },
  {
    scheme: "QRIS (Indonesia: issuer template and national QRIS template)",
    payload:
      "00020101021126690016ID.CO.CONTOH.WWW01189360000000000000010216CONTOH00000000010303UMI51440014ID.CO.QRIS.WWW0215ID10000000000010303UMI5204581253033605802ID5911TOKO CONTOH6013JAKARTA PUSAT61051011062070703A016304AC52",
    source:
      "constructed: the QRIS layout seen in public QRIS codes (26 issuer GUI, national merchant id, merchant id, criteria UMI; 51 ID.CO.QRIS.WWW with NMID and criteria; postal code; 62-07 terminal) with a fictitious issuer and merchant",
    strict: "ok",
    lenient: "ok",
  },
  {
    scheme: "QR Ph (Philippines: a GUI at 62-00)",
    payload:
      "00020101021228530011ph.ppmi.p2m0111SRCPPHM2XXX0312MRCHNT-4H3TZ05030005204519953036085406100.005802PH5925SOCMED DIGITAL MARKETING 6010MakatiCity62650010ph.starpay0315SOCMED DIGITAL 0509OR#1Z1CSC0708TodayPay0803***88290012ph.ppmi.qrph0109OR#1Z1CSC63040275",
    source: "found: qinyuanmao/gcash-deeplink, main_test.go (TestParseEMVCoQR)",
    strict: /^root 62-00: is reserved for future use/,
    lenient: "ok",
    warnings: [/^root 62-00: is reserved/],
  },
  {
    scheme: "FPS (Hong Kong: mobile number proxy)",
    payload:
      "00020101021226330012hk.com.hkicl0313+852-6789123452040000530334454031005802HK5914company_1_data6002HK62170513INV/TEST/00016304A154",
    source: "found: odoo/odoo, addons/l10n_hk/tests/test_l10n_hk_emv_qr.py (test_emv_qr_vals)",
    strict: "ok",
    lenient: "ok",
  },
  {
    scheme: "FPS (Hong Kong: decimal amount)",
    payload:
      "00020101021226330012hk.com.hkicl0313+852-678912345204000053033445405100.55802HK5914company_1_data6002HK62170513INV/TEST/000263049E64",
    source:
      "found: odoo/odoo, addons/l10n_hk/tests/test_l10n_hk_emv_qr.py (test_emv_qr_vals_with_non_integer_amount)",
    strict: "ok",
    lenient: "ok",
  },
  {
    scheme: "UnionPay (merchant account in primitive ID 15)",
    payload:
      "0002010102121516ABCDEF123456789052045311530339254039995802JP5906DONGRI6005TOKYO62240104hoge0504fuga0704piyo63043FE6",
    source: "found: dongri/emv-qrcode, README.md (the output of its MPM encoding example)",
    strict: "ok",
    lenient: "ok",
  },
  {
    scheme: "UnionPay-style (ID 15, Pakistan, CRC in lower case)",
    payload:
      "00020101021215314182058600049992010210742100010520407425303586540530.005802PK5915Test Merchant 56008Karachi 626001202020061518020230093005202020061518020230093007088913100163040d79",
    source:
      "found: a public JavaScript QR demo page (its makeCode() sample), located by code search",
    strict: /^root 63 \(CRC\): 0d79 must be written in upper-case hex$/,
    lenient: "ok",
    warnings: [/upper-case hex/],
  },
  {
    scheme: "DuitNow (Malaysia: a plain value at ID 82)",
    payload:
      "00020101021126600014A00000061500010106890087022800000000000000000000000123455204737253034585802MY5912KEDAI CONTOH6012KUALA LUMPUR62120508ORDER12382320123456789ABCDEF0123456789ABCDEF63049DAC",
    source:
      "constructed: the layout described in natsu90/duitnowqr-razer, readme.md (26 = 0014A000000615000101 06 890087 02 28 account; 52 7372, 53 458, 58 MY; a 32-character reference as 82 32 just before the CRC) with a fictitious account and reference",
    strict: /^root 82 \(unreserved template\): broken TLV/,
    lenient: "ok",
    warnings: [/^root 82 \(unreserved template\): is a template but its value is not TLV/],
  },
];

/**
 * The example of EMV QRCPS Consumer-Presented Mode (two applications, PRODUCT1 and PRODUCT2,
 * track 2 and cardholder data, issuer data in a template), as quoted in public TLV test code.
 */
export const REAL_WORLD_CPM =
  "hQVDUFYwMWETTwegAAAAVVVVUAhQcm9kdWN0MWETTwegAAAAZmZmUAhQcm9kdWN0MmJJWggSNFZ4kBI0WF8gDkNBUkRIT0xERVIvRU1WXy0IcnVlc2RlZW5kIZ8QBwYBCgMAAACfJghYT9OF+iNLzJ82AgABnzcEbVjvEw==";
