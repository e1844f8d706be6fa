// The party-line protocol's texts, as the party-line tooling writes them: the user message
// that hands an entity the conch, the provenance signature, the sign-out, and PRIMER.md.
import type { Deviation, Entity, Party } from './screenplay.js';

/** ISO time to the second, as signatures carry it. */
export function signatureTime(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function signatureLine(entity: Entity, time: string, deviation: Deviation = {}): string {
  const handle = deviation.signAs ?? entity.handle;
  const host = deviation.omit === 'host' ? '' : entity.host;
  const user = deviation.omit === 'user' ? '' : entity.user;
  const where = host && user ? `${host}:${user}` : host || user;
  const fields = [`${handle} @ ${time}`, where];
  if (deviation.omit !== 'model') fields.push(entity.model);
  return `--- ${fields.join(' | ')} ---`;
}

export function signOutLine(handle: string): string {
  return `--- ${handle} out ---`;
}

/** The user message of a turn, exactly as the tooling builds it. */
export function conchMessage(entity: Entity, time: string, message: string): string {
  return [
    `[PARTY-LINE: You are now ${entity.name}. Your identity follows.]`,
    entity.identity.trimEnd(),
    '[PROVENANCE: Sign your work with full provenance:]',
    signatureLine(entity, time),
    '[MESSAGE FROM ORCHESTRATOR]',
    message,
    `End with: ${signOutLine(entity.handle)}`,
  ].join('\n');
}

export interface PrimerParticipant {
  handle: string;
  /** Absent for the starter. */
  joined?: string;
}

export function primerText(party: Party, starter: string, date: string, session: string, participants: PrimerParticipant[]): string {
  const lines = [
    `# Party: ${party.name}`,
    '> There is an active party-line conversation in this workspace.',
    `- **Started by:** ${starter}`,
    `- **Date:** ${date}`,
    `- **Session:** ${session}`,
    `- **Topic:** ${party.topic || '<none>'}`,
    `- **Directory:** ${party.projectDir}`,
    '## How to join',
    `Respond with \`koad-io respond ${party.name} "<message>"\` as your entity. Read the thread first,`,
    'sign your work with full provenance, stay in your lane, and sign out when you are done.',
    '## Participants',
    ...participants.map((p) => (p.joined ? `- ${p.handle} (joined ${p.joined})` : `- ${p.handle} (starter)`)),
  ];
  return lines.join('\n') + '\n';
}

export function passengerJson(entity: Entity): string {
  const passenger = {
    handle: entity.handle,
    name: entity.name,
    role: entity.role,
    avatar: 'avatar.png',
    outfit: { h: entity.outfit.h, s: entity.outfit.s, visual: { avatar: 'avatar.png' } },
  };
  return JSON.stringify(passenger, null, 2) + '\n';
}
