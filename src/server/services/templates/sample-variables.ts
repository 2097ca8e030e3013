import { textDirection } from "@/server/domain/templates";

// Realistic values make previews and length checks meaningful (a URL or a name
// is much longer than "x"); right-to-left languages get Arabic names.
const SAMPLES: Record<string, { ltr: string; rtl?: string }> = {
  patientName: { ltr: "Sara Ahmed", rtl: "سارة أحمد" },
  labName: { ltr: "Al Noor Diagnostics", rtl: "مختبرات النور" },
  branchName: { ltr: "Olaya", rtl: "العليا" },
  address: { ltr: "12 King Fahd Road, Riyadh", rtl: "١٢ طريق الملك فهد، الرياض" },
  patientId: { ltr: "P-204518" },
  sampleId: { ltr: "S-88321" },
  invoiceNumber: { ltr: "INV-2026-00412" },
  reportUrl: { ltr: "https://reports.example.com/r/7Hq2Kx9" },
  receiptUrl: { ltr: "https://pay.example.com/receipt/R4812" },
  portalUrl: { ltr: "https://portal.example.com" },
  amount: { ltr: "350.00" },
  currency: { ltr: "SAR", rtl: "ر.س" },
  appointmentAt: { ltr: "Sun 1 Mar 2026, 10:30", rtl: "الأحد ١ مارس ٢٠٢٦، ١٠:٣٠" },
  collectionAt: { ltr: "Sun 1 Mar 2026, 08:00", rtl: "الأحد ١ مارس ٢٠٢٦، ٠٨:٠٠" },
  expectedAt: { ltr: "Mon 2 Mar 2026", rtl: "الاثنين ٢ مارس ٢٠٢٦" },
  otpCode: { ltr: "482913" },
  partnerName: { ltr: "Al Salam Clinic", rtl: "عيادة السلام" },
  contactName: { ltr: "Dr. Omar Khalid", rtl: "د. عمر خالد" },
  expiresInMinutes: { ltr: "10" },
};

/** Sample values for a trigger's variables, in the template's language where it matters. */
export function sampleVariables(names: readonly string[], language: string): Record<string, string> {
  const rtl = textDirection(language) === "rtl";
  return Object.fromEntries(
    names.map((name) => {
      const sample = SAMPLES[name];
      return [name, sample ? ((rtl ? sample.rtl : undefined) ?? sample.ltr) : `[${name}]`];
    }),
  );
}

/** A partner template's samples: the partner, its contact, and a digest of two events of the trigger. */
export function samplePartnerVariables(eventVariables: readonly string[], language: string): Record<string, unknown> {
  const event = sampleVariables(eventVariables, language);
  const { partnerName, contactName } = sampleVariables(["partnerName", "contactName"], language);
  return { partnerName, contactName, eventCount: 2, events: [event, { ...event }] };
}
