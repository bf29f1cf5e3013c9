/** A request's status in words, for the payee and for the payer. */
import type { RequestStatus } from "@tongbao/api";

export function statusWords(status: RequestStatus, side: "payee" | "payer"): string {
  switch (status) {
    case "open":
      return side === "payee" ? "Waiting for them to answer" : "Waiting for your answer";
    case "approved":
      return side === "payee" ? "Paid — final" : "You paid it — final";
    case "declined":
      return side === "payee" ? "Declined" : "You declined it";
    case "cancelled":
      return side === "payee" ? "You cancelled it" : "Cancelled by the requester";
    case "expired":
      return "Expired unanswered";
  }
}
