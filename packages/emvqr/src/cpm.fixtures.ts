/**
 * A consumer-presented payload built by hand from the layout in EMV QRCPS Consumer-Presented
 * Mode (85 "CPV01", an application template 61, the common data template 62, and the
 * application specific transparent template 63), written as hex so that the tests do not use
 * the encoder under test to make their expected bytes. The PAN is a test number, not a card.
 */
export const CPM_EXAMPLE_HEX = [
  "85054350563031", // 85 payload format indicator "CPV01"
  "6132", // 61 application template, 50 bytes:
  "4F07A0000000555555", //   4F AID
  "500850524F4455435431", //   50 application label "PRODUCT1"
  "5713" + "4761739001010010D25122011143804400000F", //   57 track 2 equivalent data
  "5A084761739001010010", //   5A PAN
  "6218", // 62 common data template, 24 bytes:
  "5F200E43415244484F4C4445522F454D56", //   5F20 cardholder name "CARDHOLDER/EMV"
  "5F2D04656E7A68", //   5F2D language preference "enzh"
  "631F", // 63 application specific transparent template, 31 bytes:
  "9F2608C2D4C0A1B2E3F405", //   9F26 application cryptogram
  "9F270180", //   9F27 cryptogram information data
  "9F360200A1", //   9F36 application transaction counter
  "82021980", //   82 application interchange profile
  "9F370411223344", //   9F37 unpredictable number
].join("");
