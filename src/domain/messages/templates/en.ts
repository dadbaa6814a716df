import type { TemplateSet } from './types.ts';

/**
 * English. Never "free" about a time (the offer check reads "free" as free of charge): a time is
 * "open" or simply "we have …".
 */
export const EN: TemplateSet = {
  gentle: {
    general: [
      "Hi {{firstName}}! It's been {{away}} since your last visit and we wanted to say hello 😊 Shall we book you in? — {{business}}",
      "Hello {{firstName}}, just checking in from {{business}}. Whenever you'd like to come back, reply here and we'll find you a time.",
      'Hi {{firstName}}! Time for {{lastService}} again? We have {{slots}}. Does one of those work? — {{business}}',
      "Hi {{firstName}}! We've missed you. Would you like to book a visit? Just reply to this message 😊",
    ],
    plain: ["Hi there! We've missed you. Would you like to book a visit? Just reply to this message 😊"],
    personal: [
      "Hi {{firstName}}, it's {{staff}} from {{business}}. It's been a while! I have {{staffSlots}} open. Shall I save one for you?",
      "Hello {{firstName}}! {{staff}} here. I was thinking of you and wondered if you'd like to book in with me again. Just reply here 😊",
    ],
    mix: [
      "Hi {{firstName}}! Besides {{lastService}}, have you tried {{suggestion}}? It's a lovely match. Want to book it next time? — {{business}}",
      'Hello {{firstName}}! Fancy trying {{suggestion}} on your next visit? We have {{slot}}. Shall we book it? — {{business}}',
    ],
    discount: [
      "Hi {{firstName}}! We've missed you 😊 Here's {{offer}} off your next visit. Shall we book you in? — {{business}}",
      "Hello {{firstName}}! Time for {{lastService}} again? It's {{offer}} off for you, and we have {{slot}}. — {{business}}",
    ],
    condition: [
      "Hi {{firstName}}! We've set aside a special rate for you: {{offer}} off your next visit. Would you like to book? — {{business}}",
      'Hello {{firstName}}! As a valued client, you get a special rate: {{offer}} off {{lastService}}. We have {{slots}}. Which suits you?',
    ],
  },
  offer: {
    general: [
      "Hi {{firstName}}! It's been {{away}} and we'd love to see you again. We have {{slots}}. Which works best? — {{business}}",
      "Hello {{firstName}}! Time for a little self-care 💛 Shall we book your {{lastService}}? Reply here and we'll save you a spot. — {{business}}",
      "Hi {{firstName}}! It's been a while and we miss you. Shall we book you in this week? Just reply here.",
    ],
    plain: ["Hi there! It's been a while and we miss you. Shall we book you in this week? Just reply here."],
    personal: [
      "Hi {{firstName}}, it's {{staff}}. It's been {{away}} since I last saw you! I have {{staffSlots}}. Shall I book you in?",
      'Hello {{firstName}}! {{staff}} here from {{business}}. I have some openings this week and thought of you. Shall we find a time?',
    ],
    mix: [
      'Hi {{firstName}}! Have you tried {{suggestion}} yet? It pairs well with {{lastService}}. Shall we book both? — {{business}}',
      'Hello {{firstName}}! How about {{suggestion}} this time? We have {{slots}}. Which would you like? — {{business}}',
    ],
    discount: [
      "Hi {{firstName}}! We've missed you, so here's {{offer}} off to welcome you back. We have {{slots}}. Which suits you? — {{business}}",
      "Hello {{firstName}}! Come back for {{lastService}} with {{offer}} off. Reply here and we'll book you in. — {{business}}",
    ],
    condition: [
      "Hi {{firstName}}! We've prepared a special rate to welcome you back: {{offer}} off your next visit. Shall we book? — {{business}}",
      'Hello {{firstName}}! A special rate just for you: {{offer}} off {{lastService}}. We have {{slot}}. Shall we save it for you? — {{business}}',
    ],
  },
  win_back: {
    general: [
      "Hi {{firstName}}! It's been {{away}} and we truly miss you. We'd be so happy to welcome you back. Shall we book a visit? — {{business}}",
      "Hello {{firstName}}! Long time no see 💛 We'd love to have you back. We have {{slots}}. Does one suit you? — {{business}}",
      "Hi {{firstName}}! It's been quite a while since your last visit and we miss you. Fancy coming back? Just reply to this message.",
    ],
    plain: [
      "Hello! It's been quite a while since your last visit and we miss you. Fancy coming back? Just reply to this message.",
    ],
    personal: [
      "Hi {{firstName}}, it's {{staff}}. It's been {{away}} and I'd love to see you again. I have {{staffSlots}}. Shall I book you in?",
      "Hello {{firstName}}! {{staff}} here from {{business}}. It's been a long time, and I'd love to look after you again. Shall we find a time?",
    ],
    mix: [
      "Hi {{firstName}}! Come back and try {{suggestion}} — we think you'll love it. Shall we book you in? — {{business}}",
      "Hello {{firstName}}! Next time, how about adding {{suggestion}} to your {{lastService}}? Reply here and we'll find a time. — {{business}}",
    ],
    discount: [
      "Hi {{firstName}}! We'd love to have you back, so here's {{offer}} off your next visit. Shall we book you in? — {{business}}",
      "Hello {{firstName}}! It's been {{away}}. Come back with {{offer}} off — we have {{slot}}. Shall we book it?",
    ],
    condition: [
      "Hi {{firstName}}! To welcome you back, we've prepared a special rate: {{offer}} off your next visit. Would you like to book? — {{business}}",
      "Hello {{firstName}}! We miss you. Here's a special rate just for you: {{offer}} off. We have {{slots}}. Which suits you?",
    ],
  },
};
