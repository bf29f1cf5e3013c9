/** A settled Hong Kong → Philippines remittance as pacs.008 input, and a pain.001 order. */
import type { Pacs008Input, Pain001Input } from "../src/index.ts";
export declare const TX_HASH = "9f2c4e6a8b0d1f3e5a7c9b1d3f5e7a9c0b2d4f6e8a1c3e5b7d9f0a2c4e6b8d1f";
export declare const PAYER = "3f1c0a7e9b2d4c6e8a0b1c2d3e4f5a6b7c8d9e0f";
export declare const PAYEE = "a1b2c3d4e5f60718293a4b5c6d7e8f9001122334";
/** 2026-05-01T08:30:00.125Z */
export declare const BLOCK_TIME_MS = 1777624200125;
export declare function remittance(): Pacs008Input;
export declare function order(): Pain001Input;
