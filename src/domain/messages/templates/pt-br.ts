import type { TemplateSet } from './types.ts';

/**
 * Brazilian Portuguese. "Você", no gendered words about the customer (no "querida", "bem-vindo");
 * no article before a name or a service ("com Juliana", "agendar manicure"), since its gender is
 * unknown; the business signs off after a dash instead of "aqui é da/do …" for the same reason.
 */
export const PT_BR: TemplateSet = {
  gentle: {
    general: [
      'Oi, {{firstName}}! Tudo bem? Já faz {{away}} desde sua última visita e lembramos de você 😊 Quer que a gente reserve um horário? — {{business}}',
      'Olá, {{firstName}}! Passando para saber como você está. Quando quiser voltar, é só responder esta mensagem que a gente encontra um horário. — {{business}}',
      'Oi, {{firstName}}! Que tal agendar {{lastService}} de novo? Temos horário: {{slots}}. Algum fica bom? — {{business}}',
      'Oi, {{firstName}}! Sentimos sua falta por aqui. Quer agendar um horário? É só responder esta mensagem 😊',
    ],
    plain: ['Olá! Sentimos sua falta por aqui. Quer agendar um horário? É só responder esta mensagem 😊'],
    personal: [
      'Oi, {{firstName}}! Aqui é {{staff}}, da equipe {{business}}. Lembrei de você! Tenho horário: {{staffSlots}}. Posso reservar?',
      'Oi, {{firstName}}, tudo bem? Aqui é {{staff}}. Faz {{away}} que a gente não se vê! Quer marcar um horário comigo? Me responde aqui 😊',
    ],
    mix: [
      'Oi, {{firstName}}! Já experimentou {{suggestion}}? Combina muito com {{lastService}}. Quer agendar e conhecer? — {{business}}',
      'Olá, {{firstName}}! Na próxima visita, que tal experimentar {{suggestion}}? Temos horário: {{slot}}. Quer que a gente reserve? — {{business}}',
    ],
    discount: [
      'Oi, {{firstName}}! Sentimos sua falta 😊 Para sua próxima visita, separamos {{offer}} de desconto. Quer agendar? — {{business}}',
      'Olá, {{firstName}}! Que tal agendar {{lastService}} com {{offer}} de desconto? Temos horário: {{slot}}. — {{business}}',
    ],
    condition: [
      'Oi, {{firstName}}! Preparamos uma condição especial só para você: {{offer}} de desconto na sua próxima visita. Quer aproveitar e agendar? — {{business}}',
      'Olá, {{firstName}}! Como cliente da casa, você tem uma condição especial: {{offer}} de desconto em {{lastService}}. Temos horário: {{slots}}. Qual prefere?',
    ],
  },
  offer: {
    general: [
      'Oi, {{firstName}}! Já faz {{away}} que você não vem e queremos muito te ver de novo. Temos horário: {{slots}}. Qual fica melhor? — {{business}}',
      'Olá, {{firstName}}! Está na hora de cuidar de você de novo 💛 Que tal agendar {{lastService}}? Responda aqui e a gente reserva seu horário. — {{business}}',
      'Oi, {{firstName}}! Faz tempo que você não aparece e sentimos sua falta. Vamos marcar um horário esta semana? É só responder aqui.',
    ],
    plain: [
      'Olá! Faz tempo que você não aparece e sentimos sua falta. Vamos marcar um horário esta semana? É só responder aqui.',
    ],
    personal: [
      'Oi, {{firstName}}! Aqui é {{staff}}. Faz {{away}} desde nosso último atendimento e queria muito te ver de novo. Tenho horário: {{staffSlots}}. Reservo para você?',
      'Olá, {{firstName}}! {{staff}} aqui, da equipe {{business}}. Estou com a agenda aberta esta semana e lembrei de você. Vamos marcar?',
    ],
    mix: [
      'Oi, {{firstName}}! Ainda não experimentou {{suggestion}}? Fica ótimo junto com {{lastService}}. Quer agendar na próxima visita? — {{business}}',
      'Olá, {{firstName}}! Que tal experimentar {{suggestion}} desta vez? Temos horário: {{slots}}. Qual prefere? — {{business}}',
    ],
    discount: [
      'Oi, {{firstName}}! Sentimos sua falta, então separamos {{offer}} de desconto para sua volta. Temos horário: {{slots}}. Qual fica bom? — {{business}}',
      'Olá, {{firstName}}! Que tal voltar com {{offer}} de desconto em {{lastService}}? É só responder aqui que a gente agenda. — {{business}}',
    ],
    condition: [
      'Oi, {{firstName}}! Preparamos uma condição especial para você voltar: {{offer}} de desconto no próximo atendimento. Vamos agendar? — {{business}}',
      'Olá, {{firstName}}! Você tem uma condição exclusiva: {{offer}} de desconto em {{lastService}}. Temos horário: {{slot}}. Podemos reservar? — {{business}}',
    ],
  },
  win_back: {
    general: [
      'Oi, {{firstName}}! Já faz {{away}} e a gente sente sua falta de verdade. Será um prazer te receber de novo. Quer que a gente reserve um horário? — {{business}}',
      'Olá, {{firstName}}! Faz tempo, né? 💛 Adoraríamos te ver de novo. Temos horário: {{slots}}. Algum fica bom? — {{business}}',
      'Oi, {{firstName}}! Faz bastante tempo desde sua última visita e sentimos sua falta. Que tal voltar? É só responder esta mensagem.',
    ],
    plain: [
      'Olá! Faz bastante tempo desde sua última visita e sentimos sua falta. Que tal voltar? É só responder esta mensagem.',
    ],
    personal: [
      'Oi, {{firstName}}! Aqui é {{staff}}. Faz {{away}} que não te vejo e fiquei com saudade! Se quiser voltar, tenho horário: {{staffSlots}}. Reservo?',
      'Olá, {{firstName}}! {{staff}} aqui, da equipe {{business}}. Lembrei de você e queria muito te atender de novo. Vamos marcar um horário?',
    ],
    mix: [
      'Oi, {{firstName}}! Que tal voltar e experimentar {{suggestion}}? A gente acha que você vai adorar. Quer agendar? — {{business}}',
      'Olá, {{firstName}}! Para sua volta, que tal {{suggestion}} além de {{lastService}}? Responda aqui que a gente encontra um horário. — {{business}}',
    ],
    discount: [
      'Oi, {{firstName}}! Queremos muito te ver de volta, por isso separamos {{offer}} de desconto para você. Vamos agendar? — {{business}}',
      'Olá, {{firstName}}! Faz {{away}} desde sua última visita. Volte com {{offer}} de desconto em {{lastService}}! Temos horário: {{slot}}. Reservamos?',
    ],
    condition: [
      'Oi, {{firstName}}! Para te receber de volta, preparamos uma condição especial: {{offer}} de desconto na sua próxima visita. Quer agendar? — {{business}}',
      'Olá, {{firstName}}! Sentimos sua falta. Você tem uma condição exclusiva de volta: {{offer}} de desconto. Temos horário: {{slots}}. Qual prefere?',
    ],
  },
};
