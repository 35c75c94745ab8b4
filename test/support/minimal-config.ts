/** The smallest configuration object that validates: what each config-reading test starts from. */
export function minimalConfig(): Record<string, unknown> {
  return {
    bitrix24: { webhookUrl: 'https://portal.bitrix24.ru/rest/1/abc', applicationToken: 'token-12345' },
    onec: {
      odataUrl: 'https://1c.local/zayavki/odata/standard.odata',
      user: 'integration',
      password: '',
      notifySecret: '0123456789abcdef',
    },
    mapping: { stages: [{ stageId: 'DT1038_10:NEW', status: 'Новая' }] },
  };
}
